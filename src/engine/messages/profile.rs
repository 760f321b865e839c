//! /profile: the profile card and the values it accepts.

use crate::bank::catalog;
use crate::engine::reply::{Doc, Line, Reply};
use crate::profile::Profile;

pub fn profile(p: &Profile, changed: bool) -> Reply {
    let role = p
        .role
        .as_deref()
        .and_then(catalog::role)
        .map(|r| r.label.to_string())
        .unwrap_or_else(|| "—".into());
    let doc = Doc::new()
        .heading(if changed { "Profile saved" } else { "Your profile" })
        .bullets([
            Line::new().b("Role: ").t(role),
            Line::new()
                .b("Level: ")
                .t(p.level.map(|l| l.slug().to_string()).unwrap_or_else(|| "—".into())),
            Line::new()
                .b("Industry: ")
                .t(p.industry.clone().unwrap_or_else(|| "—".into())),
            Line::new()
                .b("Time zone: ")
                .t(p.timezone.clone().unwrap_or_else(|| "—".into())),
            Line::new()
                .b("Time per question: ")
                .t(p.pace.unwrap_or_default().slug()),
            Line::new()
                .b("Interview date: ")
                .t(p.interview_date
                    .map(|d| d.format("%a %-d %b %Y").to_string())
                    .unwrap_or_else(|| "—".into())),
        ])
        .para(
            Line::new()
                .t("Change it with e.g. ")
                .c("/profile role data_analyst level senior industry fintech timezone Europe/Berlin"),
        );
    Reply::text(doc).private()
}

pub fn profile_help_values() -> String {
    let roles: Vec<&str> = catalog::ROLES.iter().map(|r| r.slug).collect();
    let levels: Vec<&str> = crate::bank::Level::ALL.iter().map(|l| l.slug()).collect();
    format!("roles: {}; levels: {}", roles.join(", "), levels.join(", "))
}
