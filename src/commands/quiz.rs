//! `git-kata quiz`: the lesson's questions, interactive on a terminal, scripted with
//! `--answers`, or revealed as the instructor's key.

use std::collections::BTreeMap;

use anyhow::Result;

use super::interactive;
use crate::cli::QuizArgs;
use crate::error::{self, Exit};
use crate::lesson::{Catalog, Loaded, Question, QuestionKind};
use crate::progress::{Progress, QuizScore};
use crate::render::style;

pub fn run(catalog: &Catalog, args: QuizArgs) -> Result<Exit> {
    let lessons: Vec<&Loaded> = match (&args.lesson, args.all) {
        (Some(_), true) => return Err(error::usage("give a LESSON or --all, not both")),
        (None, false) => {
            return Err(error::usage(
                "name a lesson (`git-kata quiz LESSON`) or use --all",
            ));
        }
        (Some(id), false) => vec![catalog.find(id)?],
        (None, true) => catalog.lessons.iter().map(|(_, l)| l).collect(),
    };
    let questions: Vec<(&Loaded, &Question)> = lessons
        .iter()
        .flat_map(|l| l.lesson.quiz.iter().map(move |q| (*l, q)))
        .collect();
    if questions.is_empty() {
        return Err(error::usage(match &args.lesson {
            Some(id) => format!("lesson `{id}` has no quiz questions"),
            None => "no lesson has quiz questions".to_string(),
        }));
    }
    if args.reveal {
        for (i, (l, q)) in questions.iter().enumerate() {
            print_question(i, questions.len(), l, q, true);
            crate::text::outln!(
                "{} {}",
                style::heading("Answer:"),
                choice_line(q, q.answer.value)
            );
            crate::text::outln!("{}", indent(q.explanation.trim()));
            crate::text::outln!();
        }
        return Ok(Exit::Success);
    }
    let picks: Vec<usize> = match &args.answers {
        Some(list) => parse_answers(list, &questions)?,
        None if interactive() => Vec::new(),
        None => {
            return Err(error::usage(format!(
                "not a terminal, so no questions can be asked: pass --answers with one letter per question ({} in all, e.g. --answers {}), or --reveal for the key",
                questions.len(),
                vec!["A"; questions.len()].join(",")
            )));
        }
    };

    let mut per_lesson: BTreeMap<&str, QuizScore> = BTreeMap::new();
    let mut correct_total = 0;
    for (i, (l, q)) in questions.iter().enumerate() {
        let scripted = picks.get(i).copied();
        // On a terminal the chooser draws the choices itself: printed here too, they showed twice.
        print_question(i, questions.len(), l, q, scripted.is_some());
        let pick = match scripted {
            Some(p) => p,
            None => ask(q)?,
        };
        let right = pick == q.answer.value;
        let score = per_lesson.entry(l.id()).or_insert(QuizScore {
            correct: 0,
            total: 0,
        });
        score.total += 1;
        if right {
            score.correct += 1;
            correct_total += 1;
            crate::text::outln!(
                "Your answer: {}. {}",
                letter(pick),
                style::heading("Correct.")
            );
        } else {
            crate::text::outln!(
                "Your answer: {}. Not quite: the answer is {}",
                letter(pick),
                choice_line(q, q.answer.value)
            );
        }
        crate::text::outln!("{}", indent(q.explanation.trim()));
        crate::text::outln!();
    }
    crate::text::outln!("Score: {correct_total} of {}.", questions.len());
    for (id, score) in per_lesson {
        Progress::record(id, |p| {
            if p.quiz.is_none_or(|best| score.correct >= best.correct) {
                p.quiz = Some(score);
            }
        });
    }
    Ok(if correct_total == questions.len() {
        Exit::Success
    } else {
        Exit::Failed
    })
}

fn letter(i: usize) -> char {
    (b'A' + i as u8) as char
}

fn choice_line(q: &Question, i: usize) -> String {
    format!("{}) {}", letter(i), q.choices[i])
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn print_question(i: usize, total: usize, l: &Loaded, q: &Question, choices: bool) {
    let kind = match q.kind {
        QuestionKind::Choice => "Question",
        QuestionKind::Scenario => "Scenario",
    };
    crate::text::outln!(
        "{} {}",
        style::heading(&format!("{kind} {} of {total}", i + 1)),
        style::dim(&format!("({})", l.id()))
    );
    crate::text::outln!("{}", q.prompt.trim());
    if choices {
        for c in 0..q.choices.len() {
            crate::text::outln!("  {}", choice_line(q, c));
        }
    }
}

/// Asks on the terminal: a letter answers at once, or the arrows move and Enter answers.
/// dialoguer's `Select` knows no letter keys, so this small chooser draws the choices itself.
fn ask(q: &Question) -> Result<usize> {
    use console::Key;
    let term = console::Term::stdout();
    let last = letter(q.choices.len() - 1);
    crate::text::outln!(
        "{}",
        style::dim(&format!(
            "Press a letter (A to {last}), or the arrow keys and Enter:"
        ))
    );
    let mut at = 0;
    let _ = term.hide_cursor();
    let picked = loop {
        let drawn = draw_choices(&term, q, at)?;
        let key = term.read_key();
        term.clear_last_lines(drawn)?;
        match key {
            Ok(Key::Char(c)) if c.is_ascii_alphabetic() => {
                let i = (c.to_ascii_uppercase() as u8 - b'A') as usize;
                if i < q.choices.len() {
                    break Ok(i);
                }
            }
            Ok(Key::Char(c)) if c.is_ascii_digit() => match (c as u8 - b'0') as usize {
                n if (1..=q.choices.len()).contains(&n) => break Ok(n - 1),
                _ => {}
            },
            Ok(Key::Enter) => break Ok(at),
            Ok(Key::ArrowUp | Key::BackTab) => {
                at = at.checked_sub(1).unwrap_or(q.choices.len() - 1);
            }
            Ok(Key::ArrowDown | Key::Tab) => at = (at + 1) % q.choices.len(),
            Ok(Key::Escape | Key::CtrlC) => {
                break Err(error::usage("the quiz was stopped; nothing was recorded"));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {
                break Err(error::usage("the quiz was stopped; nothing was recorded"));
            }
            Err(e) => break Err(e.into()),
        }
    };
    let _ = term.show_cursor();
    let picked = picked?;
    // What stays on the screen: every choice once, the one taken marked.
    draw_choices(&term, q, picked)?;
    Ok(picked)
}

/// Draws the choices with `>` at `at`; returns how many terminal rows they took, wrapped
/// lines included, so exactly those can be cleared again.
fn draw_choices(term: &console::Term, q: &Question, at: usize) -> Result<usize> {
    let width = usize::from(term.size().1).max(1);
    let mut rows = 0;
    for c in 0..q.choices.len() {
        let line = format!("{} {}", if c == at { ">" } else { " " }, choice_line(q, c));
        let shown = if c == at {
            style::heading(&line)
        } else {
            line.clone()
        };
        term.write_line(&shown)?;
        rows += console::measure_text_width(&line).max(1).div_ceil(width);
    }
    Ok(rows)
}

/// `B,A,c` or `2,1,3`: one answer per question, letters or 1-based numbers.
fn parse_answers(list: &str, questions: &[(&Loaded, &Question)]) -> Result<Vec<usize>> {
    let parts: Vec<&str> = list.split(',').map(str::trim).collect();
    if parts.len() != questions.len() {
        return Err(error::usage(format!(
            "--answers has {} answers but there are {} questions",
            parts.len(),
            questions.len()
        )));
    }
    parts
        .iter()
        .zip(questions)
        .enumerate()
        .map(|(i, (part, (_, q)))| {
            let pick = match part.parse::<usize>() {
                Ok(n) if n >= 1 => Some(n - 1),
                Ok(_) => None,
                Err(_) => {
                    let mut chars = part.chars();
                    match (chars.next(), chars.next()) {
                        (Some(c), None) if c.is_ascii_alphabetic() => {
                            Some((c.to_ascii_uppercase() as u8 - b'A') as usize)
                        }
                        _ => None,
                    }
                }
            };
            match pick {
                Some(p) if p < q.choices.len() => Ok(p),
                _ => Err(error::usage(format!(
                    "answer {} (`{part}`) is not one of the choices A to {}",
                    i + 1,
                    letter(q.choices.len() - 1)
                ))),
            }
        })
        .collect()
}
