"""One registry of commands and button actions; routing, /help and platform menus all read it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from handlers.context import Context
from handlers.types import Location, Reply
from storage.enums import Role

CommandHandler = Callable[[Context, str], list[Reply]]
ActionHandler = Callable[[Context, dict[str, Any]], list[Reply]]
TextHandler = Callable[[Context, str], list[Reply] | None]
LocationHandler = Callable[[Context, Location], list[Reply] | None]

ALL_ROLES = frozenset(Role)


@dataclass(frozen=True)
class Command:
    """A slash command: who may use it, where, and the catalogue key of its one-line summary."""

    name: str
    handler: CommandHandler
    summary_key: str
    roles: frozenset[Role] = ALL_ROLES
    private_only: bool = True
    open_to_strangers: bool = False


@dataclass(frozen=True)
class TextRoute:
    """A free-text handler; only those marked `in_groups` see group messages that mention the bot. A route that
    takes the answer to a question the bot just asked (`answers`: a spot check's reason) is tried before the routes
    that read a new message."""

    handler: TextHandler
    in_groups: bool = False
    answers: bool = False


@dataclass(frozen=True)
class Feature:
    """What one handler module contributes; free-text handlers return None when a text is not theirs."""

    commands: tuple[Command, ...] = ()
    actions: Mapping[str, ActionHandler] = field(default_factory=dict)
    text_routes: tuple[TextRoute, ...] = ()
    location_handlers: tuple[LocationHandler, ...] = ()


class Registry:
    def __init__(self, features: Iterable[Feature]) -> None:
        self.commands: dict[str, Command] = {}
        self.actions: dict[str, ActionHandler] = {}
        self.text_routes: list[TextRoute] = []
        self.location_handlers: list[LocationHandler] = []
        for feature in features:
            for command in feature.commands:
                if command.name in self.commands:
                    raise ValueError(f"command /{command.name} registered twice")
                self.commands[command.name] = command
            for name, action in feature.actions.items():
                if name in self.actions:
                    raise ValueError(f"button action {name} registered twice")
                self.actions[name] = action
            self.text_routes.extend(feature.text_routes)
            self.location_handlers.extend(feature.location_handlers)
        self.text_routes.sort(key=lambda route: not route.answers)  # stable: otherwise in registration order

    def for_role(self, role: Role | None) -> list[Command]:
        """The commands a role may use, in registration order; strangers get only the open ones."""
        if role is None:
            return [c for c in self.commands.values() if c.open_to_strangers]
        return [c for c in self.commands.values() if role in c.roles]
