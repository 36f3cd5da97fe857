"""Sign in and out, own account, and user management for admins."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from ..web import is_safe_next, role_required
from .forms import AccountForm, LoginForm, UserForm
from .models import User
from .services import UserError, authenticate, find_user, save_user, update_user
from .throttle import clear_failures, record_failure, sign_in_refusal

bp = Blueprint("auth", __name__)

PUBLIC_ENDPOINTS = {"auth.login", "static"}

login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The signed-in user for the session cookie."""
    return db.session.get(User, int(user_id))


@bp.before_app_request
def require_sign_in():
    """Every page but the sign-in page needs a signed-in user."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    return login_manager.unauthorized()


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in, then go back to the page that was asked for."""
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        refusal = sign_in_refusal(form.email.data, request.remote_addr)
        if refusal is not None:
            # Refused before the password is checked, so guessing goes no further.
            flash(refusal.message, "error")
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(refusal.retry_after)}
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            record_failure(form.email.data, request.remote_addr)
            flash("Email or password is wrong, or the account is disabled.", "error")
        else:
            clear_failures(user.email)
            login_user(user, remember=form.remember.data)
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("catalog.home"))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out of this device."""
    logout_user()
    flash("Signed out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change one's own name, measurement unit and password."""
    form = AccountForm(obj=current_user)
    if form.validate_on_submit():
        current_user.name = form.name.data or ""
        current_user.unit = form.unit.data
        if form.password.data:
            current_user.set_password(form.password.data)
        db.session.commit()
        flash("Account saved.", "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@bp.route("/users")
@role_required("admin")
def users():
    """List everyone who can sign in."""
    page = db.paginate(db.select(User).order_by(User.email), per_page=50)
    return render_template("auth/users.html", page=page)


@bp.route("/users/new", methods=["GET", "POST"])
@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit_user(user_id: int | None = None):
    """Create a user or change one's role, activity or password."""
    user = db.get_or_404(User, user_id) if user_id else None
    form = UserForm(obj=user)
    if form.validate_on_submit():
        if (
            user is not None
            and user.id == current_user.id
            and (form.role.data != "admin" or not form.active.data)
        ):
            form.role.errors.append("You cannot remove your own admin role or disable yourself.")
        else:
            try:
                saved = _save_user_form(form, user)
            except UserError as error:
                form.email.errors.append(str(error))
            else:
                if form.password.data:
                    clear_failures(saved.email)  # a reset password opens sign-in again
                flash(f"Saved {saved.email} ({saved.role}).", "success")
                return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user)


def _save_user_form(form: UserForm, user: User | None) -> User:
    details = {"name": form.name.data or "", "role": form.role.data}
    if user is None:
        if find_user(form.email.data):
            raise UserError(f"{form.email.data} already has an account.")
        user, _created = save_user(form.email.data, password=form.password.data, **details)
        user.active = form.active.data
        db.session.commit()
        return user
    return update_user(
        user,
        email=form.email.data,
        active=form.active.data,
        password=form.password.data or None,
        **details,
    )
