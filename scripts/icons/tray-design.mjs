// The tray images: the product glyph with a status badge in the lower right, in colour for
// Windows and Linux and as black-and-alpha template images for the macOS menu bar.
import { BADGE, BADGE_CLEARANCE, BADGE_DISC, GLYPH_GRID, KEYHOLE, SHIELD } from './glyph.mjs';
import { createCanvas } from './raster.mjs';
import { circle, ring, roundedRect, subtract, union } from './shapes.mjs';

export const TRAY_STATES = ['none', 'valid', 'renewing', 'expiring', 'expired', 'error'];

const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];

// Mid-luminance colours: each keeps at least 3:1 contrast against both a light (#f3f3f3) and a
// dark (#202020) task bar, so no outline is needed.
const SHIELD_ACTIVE = [37, 110, 222];
const SHIELD_IDLE = [124, 130, 140];
const BADGE_COLOURS = {
  valid: [22, 150, 70],
  renewing: [14, 150, 200],
  expiring: [200, 120, 0],
  expired: [214, 40, 40],
  error: [214, 40, 40],
};

/**
 * Each state is told apart by shape as well as colour, so the macOS template images (black and
 * alpha only) and colour-blind users still see it: a dot, a ring, a half-filled ring, a dot
 * with a bar (no entry) and an exclamation mark.
 */
function badgeShapes(state) {
  const { cx, cy, r } = BADGE;
  const disc = BADGE_DISC;
  switch (state) {
    case 'valid':
      return { body: disc, mark: null };
    case 'renewing':
      return { body: ring(cx, cy, r - 0.8, 1.6), mark: null };
    case 'expiring':
      return {
        body: union(
          ring(cx, cy, r - 0.8, 1.6),
          subtract(disc, (x) => cx - x),
        ),
        mark: null,
      };
    case 'expired':
      return { body: disc, mark: roundedRect(cx - 2.5, cy - 0.5, cx + 2.5, cy + 0.5, 0.25) };
    case 'error':
      return {
        body: disc,
        mark: union(
          roundedRect(cx - 0.5, cy - 2.5, cx + 0.5, cy + 0.5, 0.25),
          circle(cx, cy + 2, 0.6),
        ),
      };
    default:
      return null;
  }
}

/** Renders one tray image; `template` gives the black-and-alpha macOS variant. */
export function renderTrayIcon(state, size, { template = false } = {}) {
  if (!TRAY_STATES.includes(state)) {
    throw new Error(`unknown tray state "${state}"`);
  }

  const canvas = createCanvas(size, GLYPH_GRID);
  const badge = badgeShapes(state);
  const shieldColour = template ? BLACK : state === 'none' ? SHIELD_IDLE : SHIELD_ACTIVE;

  canvas.fill(SHIELD, shieldColour);
  if (template) {
    canvas.erase(KEYHOLE);
  } else {
    canvas.fill(KEYHOLE, WHITE);
  }

  if (badge) {
    canvas.erase(BADGE_CLEARANCE);
    canvas.fill(badge.body, template ? BLACK : BADGE_COLOURS[state]);
    if (badge.mark && template) {
      canvas.erase(badge.mark);
    } else if (badge.mark) {
      canvas.fill(badge.mark, WHITE);
    }
  }

  return { width: size, height: size, rgba: canvas.toRgba() };
}
