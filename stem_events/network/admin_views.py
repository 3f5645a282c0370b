from flask import Blueprint

bp = Blueprint("network_admin", __name__, url_prefix="/admin")
