"""Command line: `flask --app app create-user|demo-data|demo-credentials|bench ...`."""
from __future__ import annotations

import click
from flask import Flask, current_app

from fossdash import audit
from fossdash.auth.models import Role


def init_app(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="Account role")
    @click.option("--name", default="", help="Full name (defaults to the email's local part)")
    @click.option("--password", default=None, help="Password; prompted for (hidden) if left out")
    def create_user(email: str, role: str, name: str, password: str | None) -> None:
        """Create an account."""
        from fossdash.auth.service import AccountError
        from fossdash.auth.service import create_user as make

        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            with audit.cli_actor("cli"):
                user = make(email, role, password, name)
        except AccountError as exc:
            raise click.BadParameter(str(exc)) from exc
        click.echo(f"Created {user.email} ({Role(user.role).label}).")

    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Only load when the database has no accounts yet")
    def demo_data(if_empty: bool) -> None:
        """Load the demo programme (idempotent)."""
        from fossdash import demo

        if if_empty and not demo.is_empty():
            click.echo("Database already has data: demo programme not loaded.")
            return
        with audit.cli_actor("demo-data"):
            parts = demo.load_all(demo.demo_password(current_app.config["DEMO_PASSWORD_FILE"]))
        click.echo(f"Demo programme loaded: {', '.join(parts)}.")

    @app.cli.command("bench")
    @click.option("--concerns", default=50_000, show_default=True, help="Concerns in the export benchmark")
    @click.option("--only", default=None, help="Run only the benchmarks whose name contains this")
    @click.option("--scale", default=1.0, show_default=True,
                  help="Size of the domains' benchmarks (1.0 = each issue's target size)")
    def bench(concerns: int, only: str | None, scale: float) -> None:
        """Speed and memory benchmarks (on a throwaway database; prints a table)."""
        from fossdash import bench as benchmarks

        for line in benchmarks.run(n_concerns=concerns, only=only, scale=scale):
            click.echo(line)

    @app.cli.command("demo-credentials")
    @click.option("--url", default=None, help="Where the app is served")
    def demo_credentials(url: str | None) -> None:
        """Print how to sign in to the demo."""
        import os

        from fossdash import demo
        from fossdash.demo.users import USERS

        url = url or f"http://127.0.0.1:{os.environ.get('PORT', '5000')}"
        password = demo.demo_password(current_app.config["DEMO_PASSWORD_FILE"])
        click.echo("")
        click.echo(f"fossdash is starting at {url}")
        click.echo(f"Sign in with any demo account below; the password for all of them is: {password}")
        for email, name, role in USERS:
            click.echo(f"  {email:<28} {Role(role).label}")
        click.echo("(The password is kept in instance/demo_password. Stop the server with Ctrl+C.)")
        click.echo("")

