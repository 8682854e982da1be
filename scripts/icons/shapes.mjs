// Signed distance functions for the icon glyphs: negative inside, positive outside, in the
// design's own units. Unions and intersections use min/max, which keeps the sign exact and the
// functions 1-Lipschitz (never changing faster than the distance itself). The rasterizer relies
// on that to skip sub-sampling pixels that lie wholly inside or outside a shape.

export const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;

export const ring = (cx, cy, r, thickness) => (x, y) =>
  Math.abs(Math.hypot(x - cx, y - cy) - r) - thickness / 2;

export const roundedRect = (x0, y0, x1, y1, radius) => (x, y) => {
  const halfWidth = (x1 - x0) / 2 - radius;
  const halfHeight = (y1 - y0) / 2 - radius;
  const dx = Math.abs(x - (x0 + x1) / 2) - halfWidth;
  const dy = Math.abs(y - (y0 + y1) / 2) - halfHeight;
  const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
  return outside + Math.min(Math.max(dx, dy), 0) - radius;
};

/** A stroke from (ax, ay) to (bx, by) with round caps. */
export const capsule = (ax, ay, bx, by, width) => (x, y) => {
  const abx = bx - ax;
  const aby = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * abx + (y - ay) * aby) / (abx * abx + aby * aby)));
  return Math.hypot(x - ax - t * abx, y - ay - t * aby) - width / 2;
};

/** The side of the directed line (ax, ay) to (bx, by) that is clockwise on screen (y down). */
export const halfPlane = (ax, ay, bx, by) => {
  const length = Math.hypot(bx - ax, by - ay);
  return (x, y) => ((x - ax) * (by - ay) - (y - ay) * (bx - ax)) / length;
};

/** A convex polygon whose points run clockwise on screen. */
export const convexPolygon = (points) => {
  const edges = points.map((point, index) => {
    const next = points[(index + 1) % points.length];
    return halfPlane(point[0], point[1], next[0], next[1]);
  });
  return intersect(...edges);
};

export const union =
  (...shapes) =>
  (x, y) => {
    let distance = Infinity;
    for (const shape of shapes) {
      distance = Math.min(distance, shape(x, y));
    }
    return distance;
  };

export const intersect =
  (...shapes) =>
  (x, y) => {
    let distance = -Infinity;
    for (const shape of shapes) {
      distance = Math.max(distance, shape(x, y));
    }
    return distance;
  };

export const subtract = (shape, hole) => (x, y) => Math.max(shape(x, y), -hole(x, y));

/** Grows (positive) or shrinks (negative) a shape by a margin. */
export const offset = (shape, margin) => (x, y) => shape(x, y) - margin;

/** Places a shape drawn in its own units at (dx, dy), scaled by `scale`. */
export const place = (shape, dx, dy, scale) => (x, y) =>
  shape((x - dx) / scale, (y - dy) / scale) * scale;

/**
 * A heater shield: straight top with rounded corners, vertical sides down to `shoulder`, then
 * two arcs that leave the sides tangentially and meet in a point at `tip`.
 */
export function shield({ left, right, top, shoulder, tip, corner }) {
  const halfWidth = (right - left) / 2;
  const depth = tip - shoulder;
  // The radius for which an arc tangent to a side at the shoulder passes through the tip.
  const radius = (halfWidth * halfWidth + depth * depth) / (2 * halfWidth);
  const upper = intersect(
    roundedRect(left, top, right, shoulder + corner + 1, corner),
    (x, y) => y - shoulder,
  );
  const lower = intersect(
    circle(left + radius, shoulder, radius),
    circle(right - radius, shoulder, radius),
    (x, y) => shoulder - y,
  );
  return union(upper, lower);
}

/** A keyhole: a round head over a stem that widens downwards. */
export function keyhole({ cx, headY, headRadius, stemTop, stemBottom, stemTopWidth, stemWidth }) {
  const stem = convexPolygon([
    [cx - stemTopWidth / 2, stemTop],
    [cx + stemTopWidth / 2, stemTop],
    [cx + stemWidth / 2, stemBottom],
    [cx - stemWidth / 2, stemBottom],
  ]);
  return union(circle(cx, headY, headRadius), stem);
}
