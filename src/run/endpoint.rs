//! Which of a system's registered endpoints a live run uses: the environment asked for,
//! else `test` when the system has one, else `production`. HTTP calls, file drops and
//! databases all start here.

use super::error::CallError;
use crate::workspace::System;

/// The system's endpoint for `environment` (its `test` one, else `production`, when none
/// is named), without a trailing slash.
pub fn endpoint(system: &System, environment: Option<&str>) -> Result<String, CallError> {
    let pick = match environment {
        Some(env) => system.endpoints.get(env),
        None => system
            .endpoints
            .get("test")
            .or_else(|| system.endpoints.get("production")),
    };
    pick.map(|u| u.trim_end_matches('/').to_owned())
        .ok_or_else(|| {
            CallError::Setup(format!(
                "{} has no {} endpoint in systems.ron",
                system.name,
                environment.unwrap_or("test or production")
            ))
        })
}
