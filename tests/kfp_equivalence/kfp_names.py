"""Helpers for the equivalence pipelines: KFP names a task after its component, so a component
defined under the IR task's name gives the task the IR's key."""

from kfp import dsl


def container(name, func):
    """`func` as a container component named `name` (so its task's key is `name`)."""
    func.__name__ = name
    func.__qualname__ = name
    return dsl.container_component(func)
