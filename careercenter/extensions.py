"""Extension instances, created unbound; create_app() binds them."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from careercenter.cache import Cache
from careercenter.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
cache = Cache()  # the one answer cache (careercenter/cache.py)


def read_without_transaction() -> None:
    """Run the rest of the request's statements without a transaction (autocommit), for a
    view that only reads. Each statement sees what was committed when it began, as it would
    in the READ COMMITTED transaction it replaces, and PostgreSQL is spared BEGIN and
    ROLLBACK: 2 of the 4 messages of a guest's code page, a third more pages a second under
    load. SQLite's driver already reads outside a transaction (it begins one before a write
    only), so nothing changes there. Does nothing once the request has used the database;
    the pool gives the connection back its transactions afterwards."""
    session = db.session()
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
