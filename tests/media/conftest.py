"""Media library fixtures: uploads go to a temporary MEDIA_ROOT; PNG images made with Pillow."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def png(name: str = "loire.png", size: tuple[int, int] = (2400, 1200)) -> SimpleUploadedFile:
    """A real PNG: a gradient, so that it is not a trivially compressible blank."""
    image = Image.new("RGB", size)
    image.putdata(
        [(x % 256, y % 256, (x + y) % 256) for y in range(size[1]) for x in range(size[0])]
    )
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
