//! Reusable pipec components: the Praxi steps, the RMI (MRI) steps, model training and
//! evaluation, S3 data access, Seldon deployment and notifications.
//!
//! Each component's image is a `pub const` beside it, the default a pipeline gets; pin your own
//! build by defining your component with `#[component(image = MY_IMAGE)]` around the same
//! command line.

#![warn(missing_docs)]

pub mod notify;
pub mod praxi;
pub mod rmi;
pub mod s3;
pub mod seldon;
pub mod training;
