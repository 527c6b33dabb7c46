"""The HTTP API at /api/v1/ (Django Ninja): this module only composes it from the apps' routers.

Django Ninja rather than Django REST framework: typed request/response schemas (Pydantic) give the
OpenAPI document for free and keep each operation a small typed function calling our selectors and
services, without serializers and viewsets beside them. Error mapping and scope checks live in
`core.api`, authentication in `participants.api_auth`; the apps never import this module.
"""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation

from core.api import install_edge
from dialogues.api import router as dialogues_router
from participants.api import invitations_router
from participants.api import router as me_router
from participants.api_auth import SessionAuth, TokenAuth
from singletext.api import router as singletext_router
from summaries.api import router as summaries_router

# Operation ids are part of the published contract (clients are generated from them): they were derived
# from module names, so the summaries router keeps the ids it had before it moved out of `facilitation`.
_OPERATION_ID_MODULES = {"summaries.api": "facilitation.api"}


class ParleyAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        module = operation.view_func.__module__
        name = operation.view_func.__name__
        return f"{_OPERATION_ID_MODULES.get(module, module)}_{name}".replace(".", "_")


api = ParleyAPI(
    title="Parley API",
    version="1",
    description="Dialogues, sessions, agendas and invitations for facilitators; released summaries, "
    'exports and uptake for government liaisons. Errors are `{"error": {"code", "message"}}`.',
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
)
install_edge(api)
api.add_router("/", me_router)
api.add_router("/", dialogues_router)
api.add_router("/", invitations_router)
api.add_router("/", summaries_router)
api.add_router("/", singletext_router)
