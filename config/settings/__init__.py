# django-stubs makes Django's generic classes (ModelAdmin[Model], ModelForm[Model], fields, QuerySet[Model],
# ...) subscriptable for the type checker; this makes the same subscripts work at run time. It only adds
# __class_getitem__ to those classes and runs before any settings module, model or admin is imported.
import django_stubs_ext

django_stubs_ext.monkeypatch()
