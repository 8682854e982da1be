// A tiny rasterizer: paints signed-distance shapes into an RGBA buffer, anti-aliased by counting
// how many of a pixel's sub-samples fall inside, and composites layers in premultiplied form.

/**
 * A square canvas of `size` pixels whose drawing coordinates run from 0 to `grid` design units,
 * so one design can be rendered at every icon size.
 */
export function createCanvas(size, grid) {
  const scale = grid / size;
  // More sub-samples where a pixel is a large share of the glyph; the big sizes need fewer.
  const samples = size <= 64 ? 8 : 4;
  const premultiplied = new Float64Array(size * size * 4);

  // Half a pixel's diagonal in design units: a pixel whose centre is farther than this from an
  // edge lies wholly on one side of it.
  const reach = scale * Math.SQRT1_2;

  function coverage(shape, px, py) {
    const centre = shape((px + 0.5) * scale, (py + 0.5) * scale);
    if (centre > reach) {
      return 0;
    }
    if (centre < -reach) {
      return 1;
    }

    let inside = 0;
    for (let sy = 0; sy < samples; sy += 1) {
      for (let sx = 0; sx < samples; sx += 1) {
        const x = (px + (sx + 0.5) / samples) * scale;
        const y = (py + (sy + 0.5) / samples) * scale;
        if (shape(x, y) <= 0) {
          inside += 1;
        }
      }
    }
    return inside / (samples * samples);
  }

  /** Fraction of a blur of `softness` units that lies inside, for shadows and glows. */
  function softCoverage(shape, px, py, softness) {
    const distance = shape((px + 0.5) * scale, (py + 0.5) * scale);
    const t = Math.max(0, Math.min(1, 0.5 - distance / softness));
    return t * t * (3 - 2 * t);
  }

  function eachPixel(visit) {
    for (let py = 0; py < size; py += 1) {
      for (let px = 0; px < size; px += 1) {
        visit(px, py, (py * size + px) * 4);
      }
    }
  }

  return {
    size,

    /** Paints `colour` ([r, g, b] 0–255 plus alpha 0–1, or a function of x, y) over the canvas. */
    fill(shape, colour, { softness = 0 } = {}) {
      eachPixel((px, py, index) => {
        const amount =
          softness > 0 ? softCoverage(shape, px, py, softness) : coverage(shape, px, py);
        if (amount === 0) {
          return;
        }
        const [r, g, b, a = 1] =
          typeof colour === 'function' ? colour((px + 0.5) * scale, (py + 0.5) * scale) : colour;
        const alpha = a * amount;
        premultiplied[index] = r * alpha + premultiplied[index] * (1 - alpha);
        premultiplied[index + 1] = g * alpha + premultiplied[index + 1] * (1 - alpha);
        premultiplied[index + 2] = b * alpha + premultiplied[index + 2] * (1 - alpha);
        premultiplied[index + 3] = alpha + premultiplied[index + 3] * (1 - alpha);
      });
    },

    /** Cuts a shape out of everything painted so far. */
    erase(shape) {
      eachPixel((px, py, index) => {
        const keep = 1 - coverage(shape, px, py);
        for (let channel = 0; channel < 4; channel += 1) {
          premultiplied[index + channel] *= keep;
        }
      });
    },

    /** Straight-alpha 8-bit RGBA, as PNG stores it. */
    toRgba() {
      const rgba = new Uint8Array(size * size * 4);
      eachPixel((px, py, index) => {
        const alpha = Math.min(1, premultiplied[index + 3]);
        if (Math.round(alpha * 255) === 0) {
          return;
        }
        for (let channel = 0; channel < 3; channel += 1) {
          rgba[index + channel] = Math.round(Math.min(255, premultiplied[index + channel] / alpha));
        }
        rgba[index + 3] = Math.round(alpha * 255);
      });
      return rgba;
    },
  };
}
