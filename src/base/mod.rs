//! Small pieces every room may use; uses std only.

pub mod escape;
