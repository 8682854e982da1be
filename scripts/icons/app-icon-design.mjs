// The application icon: the white shield glyph on a blue rounded plate, with a green badge for
// "token ready". Laid out on Apple's 1024-unit icon grid, which suits Windows and Linux too.
import { BADGE, BADGE_CLEARANCE, BADGE_DISC, KEYHOLE, SHIELD } from './glyph.mjs';
import { createCanvas } from './raster.mjs';
import { capsule, place, roundedRect, union } from './shapes.mjs';

const GRID = 1024;
const WHITE = [255, 255, 255];
const BADGE_GREEN = [34, 170, 84];
const PLATE_TOP = [64, 140, 240];
const PLATE_BOTTOM = [22, 78, 196];

const CHECK_MARK = union(
  capsule(BADGE.cx - 1.6, BADGE.cy + 0.1, BADGE.cx - 0.45, BADGE.cy + 1.25, 0.9),
  capsule(BADGE.cx - 0.45, BADGE.cy + 1.25, BADGE.cx + 1.65, BADGE.cy - 1.15, 0.9),
);

/**
 * Large icons get the macOS margin, soft shadows and a check mark. At 48 px and below the plate
 * fills the square and the glyph grows, because a margin and a shadow only blur what little
 * there is; at 32 px and below the badge goes too, leaving the shield and keyhole legible.
 */
function layout(size) {
  if (size <= 48) {
    const plate = roundedRect(16, 16, 1008, 1008, 200);
    return { plate, glyphScale: 58, detail: false, badge: size > 32 };
  }
  return { plate: roundedRect(100, 100, 924, 924, 185), glyphScale: 46, detail: true, badge: true };
}

function plateGradient(_x, y) {
  const t = Math.max(0, Math.min(1, (y - 100) / 824));
  return PLATE_TOP.map((top, channel) => top + (PLATE_BOTTOM[channel] - top) * t);
}

export function renderAppIcon(size) {
  const canvas = createCanvas(size, GRID);
  const { plate, glyphScale, detail, badge } = layout(size);
  // The shield spans 1 to 15.5 units from the top: centre that span on the plate.
  const glyphLeft = GRID / 2 - 8 * glyphScale;
  const glyphTop = GRID / 2 - 8.25 * glyphScale;
  const toPlate = (shape) => place(shape, glyphLeft, glyphTop, glyphScale);

  if (detail) {
    canvas.fill(place(plate, 0, 12, 1), [0, 0, 0, 0.35], { softness: 40 });
  }
  canvas.fill(plate, plateGradient);
  if (detail) {
    canvas.fill(place(toPlate(SHIELD), 0, 14, 1), [0, 20, 80, 0.35], { softness: 36 });
  }
  canvas.fill(toPlate(SHIELD), WHITE);
  canvas.fill(toPlate(KEYHOLE), plateGradient);
  if (badge) {
    canvas.fill(toPlate(BADGE_CLEARANCE), plateGradient);
    canvas.fill(toPlate(BADGE_DISC), BADGE_GREEN);
  }
  if (detail) {
    canvas.fill(toPlate(CHECK_MARK), WHITE);
  }

  return { width: size, height: size, rgba: canvas.toRgba() };
}
