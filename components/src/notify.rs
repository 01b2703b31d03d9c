//! Notifications: a one-line container that prints a message (replace the image with your
//! chat or mail hook).

use pipec_dsl::prelude::*;

/// The default image of [`notify`].
pub const NOTIFY_IMAGE: &str = "alpine:3.20";

/// Print a message.
#[component(image = NOTIFY_IMAGE)]
pub fn notify(message: Param<String>) -> Container {
    Container::new(["echo"]).args([message.arg()])
}
