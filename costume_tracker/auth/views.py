"""Sign in and out, own account and devices, and user management for admins."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, refresh
from flask_login import current_user, login_required, login_user, logout_user
from wtforms import SelectChoice

from ..catalog.forms import site_choices
from ..extensions import db, login_manager
from ..i18n.values import shown
from ..web import is_safe_next, role_required
from .forms import AccountForm, LoginForm, SessionsForm, UserForm
from .models import User
from .passwords import PasswordError
from .services import (
    CurrentPasswordError,
    SettingError,
    UserError,
    authenticate,
    find_user,
    save_account,
    save_user,
    update_user,
)
from .sessions import end_session, end_user_sessions, live_sessions, load_session, start_session
from .throttle import begin_attempt, clear_failures

bp = Blueprint("auth", __name__)

PUBLIC_ENDPOINTS = {"auth.login", "static", "pwa.manifest", "pwa.service_worker"}
# A calendar app fetching a fitting feed has no session: the secret token in the URL is the key.
PUBLIC_ENDPOINTS.add("fittings.calendar_feed")

login_manager.login_view = "auth.login"
# Flask-Login flashes this through localize_callback: said in the language of the request.
login_manager.login_message = _l("Please sign in to see that page.")
login_manager.localize_callback = str
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_key: str) -> User | None:
    """The signed-in user for the session or remember-me cookie, while its session lives."""
    return load_session(session_key)


@bp.before_app_request
def require_sign_in():
    """Every page but the sign-in page needs a signed-in user."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


def _sign_in(user: User, remember: bool) -> None:
    """Start a session of its own for this device; one already open here ends."""
    if current_user.is_authenticated and current_user.current_session is not None:
        end_session(current_user.current_session)
    clear_failures(user.email)
    start_session(user, request.user_agent.string, request.remote_addr or "")
    login_user(user, remember=remember)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in, then go back to the page that was asked for."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        # Counted before the password is checked, so simultaneous guesses all count.
        refusal = begin_attempt(form.email.data, request.remote_addr)
        if refusal is not None:
            flash(refusal.message, "error")
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(refusal.retry_after)}
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Email or password is wrong, or the account is disabled."), "error")
        else:
            _sign_in(user, form.remember.data)
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("home.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out of this device for good: a copy of its cookies no longer signs in."""
    if current_user.current_session is not None:
        end_session(current_user.current_session)
    logout_user()
    flash(_("Signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's own name, language, time zone, CSV flavour, unit and password."""
    form = AccountForm(obj=current_user)
    form.timezone.blank = _site_zone_choice(current_user.site)
    if form.validate_on_submit():
        try:
            save_account(
                current_user,
                name=form.name.data or "",
                unit=form.unit.data,
                current=form.current_password.data or "",
                new=form.password.data or "",
                locale=form.locale.data,
                timezone=form.timezone.data or "",
                csv_dialect=form.csv_dialect.data,
            )
        except CurrentPasswordError as error:
            form.current_password.errors.append(str(error))
        except PasswordError as error:
            form.password.errors.append(str(error))
        except SettingError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            refresh()  # the message speaks the language just chosen
            flash(_account_saved_message(bool(form.password.data)), "success")
            return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        form=form,
        sessions=live_sessions(current_user.id),
        sessions_form=SessionsForm(),
    )


def _site_zone_choice(site) -> str:
    """The label of "no zone of my own": the site's zone when there is a site."""
    if site is None:
        return _("the default (%(zone)s)", zone=current_app.config.get("DEFAULT_TIMEZONE", "UTC"))
    return _("my site's (%(site)s: %(zone)s)", site=site.name, zone=site.timezone)


def _account_saved_message(new_password: bool) -> str:
    if new_password:
        return _("Account saved. Your new password is set; your other devices are signed out.")
    return _("Account saved.")


@bp.route("/account/sessions/end", methods=["POST"])
@login_required
def end_other_sessions():
    """Sign out every other device of one's own."""
    if SessionsForm().validate_on_submit():
        ended = end_user_sessions(current_user.id, keep=current_user.current_session)
        message = ngettext(
            "Signed out %(num)d other device.", "Signed out %(num)d other devices.", ended
        )
        flash(message, "success")
    return redirect(url_for("auth.account"))


@bp.route("/users")
@role_required("admin")
def users():
    """List everyone who can sign in."""
    page = db.paginate(db.select(User).order_by(User.email), per_page=50)
    return render_template("auth/users.html", page=page, sessions_form=SessionsForm())


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@role_required("admin")
def end_sessions(user_id: int):
    """End every session of a user once confirmed: each of their devices must sign in again."""
    user = db.get_or_404(User, user_id)
    form = SessionsForm()
    if not form.validate_on_submit() or form.confirmed.data != "yes":
        return render_template(
            "auth/end_sessions.html", user=user, form=form, sessions=live_sessions(user.id)
        )
    own = user.id == current_user.id
    ended = end_user_sessions(user.id, keep=current_user.current_session if own else None)
    if own:
        message = ngettext(
            "Ended %(num)d session of yours on other devices; this one stays signed in.",
            "Ended %(num)d sessions of yours on other devices; this one stays signed in.",
            ended,
        )
    else:
        message = ngettext(
            "Ended %(num)d session of %(email)s.",
            "Ended %(num)d sessions of %(email)s.",
            ended,
            email=user.email,
        )
    flash(message, "success")
    return redirect(url_for("auth.users"))


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int | None = None):
    """Create a user or change one's role, home site, time zone, activity or password."""
    user = db.get_or_404(User, user_id) if user_id else None
    form = UserForm(obj=user)
    form.site_id.choices = [SelectChoice("", _("no site")), *site_choices()]
    if form.validate_on_submit():
        if (
            user is not None
            and user.id == current_user.id
            and (form.role.data != "admin" or not form.active.data)
        ):
            form.role.errors.append(_("You cannot remove your own admin role or disable yourself."))
        else:
            try:
                saved = _save_user_form(form, user)
            except PasswordError as error:
                form.password.errors.append(str(error))
            except SettingError as error:
                getattr(form, error.field).errors.append(str(error))
            except UserError as error:
                form.email.errors.append(str(error))
            else:
                if form.password.data:
                    clear_failures(saved.email)  # a reset password opens sign-in again
                flash(
                    _(
                        "Saved %(email)s (%(role)s).",
                        email=saved.email,
                        role=shown(saved.role, "role"),
                    ),
                    "success",
                )
                return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user)


def _save_user_form(form: UserForm, user: User | None) -> User:
    details = {"name": form.name.data or "", "role": form.role.data}
    place = {"site_id": form.site_id.data, "timezone": form.timezone.data or ""}
    if user is None:
        if find_user(form.email.data):
            raise UserError(_("%(email)s already has an account.", email=form.email.data))
        user, _created = save_user(
            form.email.data,
            password=form.password.data,
            active=form.active.data,
            **details,
            **place,
        )
        return user
    own = user.id == current_user.id
    return update_user(
        user,
        email=form.email.data,
        active=form.active.data,
        password=form.password.data or None,
        keep=current_user.current_session if own else None,
        **details,
        **place,
    )
