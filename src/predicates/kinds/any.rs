//! The `any` combinator: at least one check holds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::Predicate;
use super::all::validate_list;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// At least one of these checks holds; when none does, every miss is the finding.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Any(#[schemars(with = "Vec<Predicate>")] pub(crate) Vec<Spanned<Predicate>>);

impl Kind for Any {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let mut misses = Vec::new();
        for q in &self.0 {
            let f = q.value.eval(ctx)?;
            if f.holds {
                return Ok(f);
            }
            misses.push(f);
        }
        if misses.len() == 1 {
            return Ok(misses.remove(0));
        }
        let says: Vec<String> = misses.into_iter().map(|f| f.says).collect();
        Ok(Finding::no(says.join("; and ")))
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        self.0.iter().flat_map(|q| q.value.setup_refs()).collect()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        validate_list(&self.0, rules)
    }
}
