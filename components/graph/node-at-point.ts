// Which node a tap on the drawing means, when cytoscape's own hit test found none.
//
// Why this exists: cytoscape 3.34 decides whether a point is inside a polygon node by casting a
// vertical ray and counting the edges it crosses, with both ends of every edge counted
// (pointInsidePolygonPoints in https://github.com/cytoscape/cytoscape.js/blob/master/src/math.mjs).
// A ray through a vertex therefore crosses two edges there instead of one, and the point is
// reported outside. A diamond (our bindings) has its bottom vertex on its own vertical axis, so a
// tap exactly on that axis misses the node. The axis is one model x value, but a small graph's
// capped fit zoom of 1.25 with a centred pan maps it exactly onto a whole pixel, where every mouse
// event lands: in the e2e test a click at the binding's centre was lost about half the time.
// Taking the node whose box holds the tap (its shape's bounding square) never misses that way.

export interface Point {
  x: number;
  y: number;
}

/** A node's box in model coordinates, without its label (cytoscape's `boundingBox({ includeLabels: false })`). */
export interface NodeBox {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The node whose box holds the point (edges included), the one with the nearest centre if boxes overlap; null if none. */
export function nodeAtPoint(boxes: Iterable<NodeBox>, point: Point): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const box of boxes) {
    if (point.x < box.x1 || point.x > box.x2 || point.y < box.y1 || point.y > box.y2) continue;
    const distance = Math.hypot(point.x - (box.x1 + box.x2) / 2, point.y - (box.y1 + box.y2) / 2);
    if (distance < bestDistance) {
      best = box.id;
      bestDistance = distance;
    }
  }
  return best;
}
