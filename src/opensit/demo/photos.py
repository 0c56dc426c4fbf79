"""The demo's photos: drawn once into the media folder (`MEDIA_ROOT/demo/`) when the demo
loads, so that its objects, the API and the destination sites show real images without any
network. Each is a landscape in colours drawn from its key: the same key, the same picture."""

import hashlib
import random
from pathlib import Path

from django.conf import settings
from PIL import Image, ImageDraw

from opensit.media.library import absolute

WIDTH, HEIGHT = 1200, 800
FOLDER = "demo"


def photo_url(key: str) -> str:
    """The photo's absolute URL on this platform (OPENSIT_BASE_URL)."""
    return absolute(f"{settings.MEDIA_URL}{FOLDER}/{key}.jpg")


def photo_path(key: str) -> Path:
    return Path(settings.MEDIA_ROOT) / FOLDER / f"{key}.jpg"


def _blend(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def draw(key: str) -> Image.Image:
    """Sky, sun, three rows of hills and a river: a plain picture, the same for a key."""
    rng = random.Random(int(hashlib.sha1(key.encode()).hexdigest()[:12], 16))
    image = Image.new("RGB", (WIDTH, HEIGHT))
    pen = ImageDraw.Draw(image)
    top = (rng.randint(60, 140), rng.randint(120, 190), rng.randint(200, 250))
    low = (rng.randint(230, 255), rng.randint(190, 230), rng.randint(150, 200))
    for y in range(HEIGHT):
        pen.line([(0, y), (WIDTH, y)], fill=_blend(top, low, y / HEIGHT))
    sun_x, sun_y = rng.randint(150, WIDTH - 150), rng.randint(80, 260)
    pen.ellipse([sun_x - 60, sun_y - 60, sun_x + 60, sun_y + 60], fill=(255, 236, 180))
    greens = [(rng.randint(40, 90), rng.randint(100, 150), rng.randint(50, 90)) for _ in range(3)]
    for row, colour in enumerate(greens):
        base = 380 + row * 130
        points = [(0, HEIGHT)]
        for x in range(0, WIDTH + 100, 100):
            points.append((x, base - rng.randint(0, 120)))
        points.append((WIDTH, HEIGHT))
        pen.polygon(points, fill=colour)
    river_y = HEIGHT - rng.randint(60, 140)
    pen.polygon(
        [(0, river_y), (WIDTH, river_y - 40), (WIDTH, river_y + 30), (0, river_y + 70)],
        fill=(110, 160, 200),
    )
    return image


def ensure_photos(keys: list[str]) -> int:
    """Draw the photos not on disk yet; the number drawn."""
    drawn = 0
    for key in keys:
        path = photo_path(key)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        draw(key).save(path, "JPEG", quality=82, optimize=True, progressive=True)
        drawn += 1
    return drawn
