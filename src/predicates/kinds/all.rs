//! The `all` combinator: every check holds.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::Predicate;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// Every one of these checks holds; the first that does not is the finding.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct All(#[schemars(with = "Vec<Predicate>")] pub(crate) Vec<Spanned<Predicate>>);

impl Kind for All {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let mut last = Finding::yes("");
        for q in &self.0 {
            let f = q.value.eval(ctx)?;
            if !f.holds {
                return Ok(f);
            }
            last = f;
        }
        Ok(last)
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        self.0.iter().flat_map(|q| q.value.setup_refs()).collect()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        validate_list(&self.0, rules)
    }
}

/// `all` and `any` alike: at least one check, each valid.
pub(super) fn validate_list(list: &[Spanned<Predicate>], rules: &Rules) -> Result<(), String> {
    if list.is_empty() {
        return Err(EMPTY_LIST.to_string());
    }
    list.iter().try_for_each(|q| q.value.validate(rules))
}

/// Why an empty `all` or `any` is refused.
pub(crate) const EMPTY_LIST: &str = "`all` and `any` need at least one check";
