"""Home, the accessibility statement, the health check and the error pages."""
from fossdash.domains import Domain, TopLink


def _init_app(app) -> None:
    from fossdash.pages import views

    app.register_blueprint(views.bp)
    views.init_app(app)


DOMAIN = Domain(name="pages", order=0, top_nav=[TopLink("Home", "pages.home", order=0)], init_app=_init_app)
