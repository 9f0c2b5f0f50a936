"""The registry: discovery, validation with one message, order, failures that do not spread."""

from __future__ import annotations

from dataclasses import replace
from importlib.metadata import EntryPoint

import pytest
import strawberry
from pydantic import BaseModel

from app.registry import GraphQLContribution, Module, Permission, Registry, RegistryError
from app.registry.registry import ENTRY_POINT_GROUP
from tests.fixtures import gadgets, widgets
from tests.fixtures.widgets.models import WidgetRow


def declare(name: str, *depends_on: str) -> Module:
    """Return a bare module declaration."""
    return Module(name=name, version="1", description=name, depends_on=depends_on)


def point(name: str, target: str) -> EntryPoint:
    """Return an entry point of the rustok.modules group."""
    return EntryPoint(name=name, value=target, group=ENTRY_POINT_GROUP)


def test_modules_come_out_in_dependency_order() -> None:
    registry = Registry(
        [declare("d", "b", "c"), declare("c", "a"), declare("b", "a"), declare("a")]
    )
    assert [module.name for module in registry.modules] == ["a", "b", "c", "d"]
    assert registry.dependents("a") == ["b", "c"]
    assert registry.dependencies_closure("d") == ["a", "b", "c", "d"]


def test_every_problem_is_listed_in_one_message() -> None:
    @strawberry.type(description="x")
    class ClashQuery:
        """Collides with the core's tenant field."""

        @strawberry.field(description="x")
        def tenant(self) -> int:
            """Return 1."""
            return 1

    class NoDefault(BaseModel):
        required: int

    bad = Module(
        name="shop",
        version="1",
        description="x",
        depends_on=("missing",),
        models=(WidgetRow,),
        permissions=(Permission("blog.manage_posts", "x"), Permission("shop.Bad", "x")),
        graphql=GraphQLContribution(query=ClashQuery),
        settings=NoDefault,
    )
    with pytest.raises(RegistryError) as caught:
        Registry(
            [
                bad,
                declare("x", "y"),
                declare("y", "x"),
                declare("z"),
                declare("z"),
                declare("Core"),
            ],
            core_fields=({"tenant"}, set()),
        )
    assert caught.value.problems == (
        "module 'shop': table 'widgets_items' is outside its namespace (shop_* or idx_shop_*)",
        "module 'shop': permission 'blog.manage_posts' must be named shop.<verb>_<object>",
        "module 'shop': permission 'shop.Bad' must be named shop.<verb>_<object>",
        "module 'shop': every settings field needs a default",
        "GraphQL field Query.tenant of module 'shop' collides with the one of 'core'",
        "module 'z' is declared twice",
        "module name 'Core' must be lowercase letters and digits and not reserved",
        "module 'shop' depends on 'missing', which is not installed",
        "dependency cycle: x -> y -> x",
    )
    assert str(caught.value).startswith("the installed modules are inconsistent:\n  - ")


def test_field_collision_between_modules() -> None:
    twin = replace(
        widgets.module,
        name="twins",
        models=(),
        permissions=(),
        migrations=None,
        events=(),
        handlers=(),
        projections=(),
        jobs=(),
        routes=(),
    )
    with pytest.raises(RegistryError) as caught:
        Registry([widgets.module, twin])
    assert caught.value.problems == (
        "GraphQL field Query.widgetSearch of module 'twins' collides with the one of 'widgets'",
        "GraphQL field Query.widgets of module 'twins' collides with the one of 'widgets'",
        "GraphQL field Mutation.widgetCreate of module 'twins' collides with the one of 'widgets'",
    )


def test_a_module_that_fails_to_import_is_marked_failed_with_its_dependents() -> None:
    available = [
        point("broken", "tests.fixtures.broken:module"),
        point("notamodule", "tests.fixtures.notamodule:module"),
        point("renamed", "tests.fixtures.widgets:module"),
    ]
    dependent = declare("needsbroken", "broken")
    registry = Registry.discover(None, available=available, extra=[dependent, declare("fine")])
    assert [module.name for module in registry.modules] == ["fine"]
    reasons = {failure.name: failure.reason for failure in registry.failures}
    assert reasons == {
        "broken": "import failed: ImportError: this module's dependencies are missing",
        "needsbroken": "dependency 'broken' failed",
        "notamodule": "entry point 'tests.fixtures.notamodule:module' is a dict, not a Module",
        "renamed": "entry point 'renamed' loads a module named 'widgets'",
    }


def test_selection_by_rustok_modules() -> None:
    available = [point("widgets", "tests.fixtures.widgets:module")]
    registry = Registry.discover(["widgets"], available=available, extra=[gadgets.module])
    assert [module.name for module in registry.modules] == ["widgets"]
    with pytest.raises(RegistryError) as caught:
        Registry.discover(["widgets", "nope"], available=available)
    assert caught.value.problems == (
        "RUSTOK_MODULES names 'nope', which is not installed (available: widgets)",
    )


def test_marking_failed_cascades_and_collects_permissions() -> None:
    registry = Registry([widgets.module, gadgets.module])
    assert sorted(registry.permissions()) == ["widgets.manage_items", "widgets.view_items"]
    registry.mark_failed("widgets", "migration failed: boom")
    assert registry.modules == []
    assert [(f.name, f.reason) for f in registry.failures] == [
        ("gadgets", "dependency 'widgets' failed"),
        ("widgets", "migration failed: boom"),
    ]
    assert registry.permissions() == {}
