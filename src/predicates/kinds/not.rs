//! The `not` combinator: a check that must not hold.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::Predicate;
use crate::predicates::context::{Context, Fact};
use crate::predicates::{Finding, Kind, Rules, SetupRef};

/// This check does not hold. The finding keeps its words, which describe the state either way.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Not(#[schemars(with = "Predicate")] pub(crate) Box<Spanned<Predicate>>);

impl Kind for Not {
    fn eval(&self, ctx: &Context) -> Fact<Finding> {
        let f = self.0.value.eval(ctx)?;
        Ok(Finding {
            holds: !f.holds,
            says: f.says,
            diff: None,
        })
    }

    fn setup_refs(&self) -> Vec<SetupRef<'_>> {
        self.0.value.setup_refs()
    }

    fn validate(&self, rules: &Rules) -> Result<(), String> {
        self.0.value.validate(rules)
    }
}
