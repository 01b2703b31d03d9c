//! Where an error points, written out only when an error is reported: most tasks compile
//! without one, and building the text for each of them cost an allocation per task.

use std::fmt;

/// A place in the pipeline, as error messages name it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Site<'s> {
    /// `LOCATION › task NAME`.
    Task(&'s str, &'s str),
    /// `LOCATION › NAME`: a branch, loop, exit handler or template.
    Group(&'s str, &'s str),
    /// `LOCATION › output NAME`: an output of a nested pipeline.
    Output(&'s str, &'s str),
}

impl fmt::Display for Site<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Site::Task(location, name) => write!(f, "{location} › task {name}"),
            Site::Group(location, name) => write!(f, "{location} › {name}"),
            Site::Output(location, name) => write!(f, "{location} › output {name}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_read_as_paths() {
        assert_eq!(
            Site::Task("pipeline p", "a").to_string(),
            "pipeline p › task a"
        );
        assert_eq!(Site::Group("pipeline p", "b").to_string(), "pipeline p › b");
        assert_eq!(
            Site::Output("pipeline p", "o").to_string(),
            "pipeline p › output o"
        );
    }
}
