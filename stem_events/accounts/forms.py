from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[DataRequired(_l("Vul je e-mailadres in.")),
                    Email(_l("Dit is geen geldig e-mailadres.")), Length(max=254)],
    )
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in.")), Length(max=200)]
    )
    remember = BooleanField(_l("Aangemeld blijven"))
