//! `stance agree`: placeholder, filled in below.
use anyhow::Result;
use crate::args::AgreeArgs;
pub fn run(_args: AgreeArgs) -> Result<()> { Ok(()) }
