// The product glyph shared by the tray and the application icon: a shield with a keyhole (the
// token it keeps) and the place of the status badge, on a 16-unit grid. Straight edges sit on
// whole units so they fall on pixel boundaries at 16 and 32 px.
import { circle, keyhole, offset, shield } from './shapes.mjs';

export const GLYPH_GRID = 16;

export const SHIELD = shield({ left: 2, right: 14, top: 1, shoulder: 7.5, tip: 15.5, corner: 1.5 });

export const KEYHOLE = keyhole({
  cx: 8,
  headY: 5,
  headRadius: 2,
  stemTop: 6,
  stemBottom: 9,
  stemTopWidth: 1.25,
  stemWidth: 2,
});

export const BADGE = { cx: 12.5, cy: 12.5, r: 3.5 };

export const BADGE_DISC = circle(BADGE.cx, BADGE.cy, BADGE.r);

// The clear margin that separates the badge from the shield behind it.
export const BADGE_CLEARANCE = offset(BADGE_DISC, 1);
