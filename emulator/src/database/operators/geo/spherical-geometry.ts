/**
 * Geometry on the sphere, as MongoDB's 2dsphere queries compute it: edges are great-circle arcs (not
 * straight lines on a map), distances are along the sphere with MongoDB's earth radius. Positions are
 * GeoJSON [longitude, latitude] in degrees; all arithmetic is on unit vectors.
 */

export type Position = [number, number];
type Vec3 = [number, number, number];

/** MongoDB's kRadiusOfEarthInMeters (6378.1 km), used for every 2dsphere distance in metres. */
export const EARTH_RADIUS_METERS = 6378.1 * 1000;

/** Below this angle (about a millimetre on the earth) two points are the same and a point is on an edge. */
const EPSILON = 1e-12;

export function toVector([lng, lat]: Position): Vec3 {
  const λ = (lng * Math.PI) / 180;
  const φ = (lat * Math.PI) / 180;
  return [Math.cos(φ) * Math.cos(λ), Math.cos(φ) * Math.sin(λ), Math.sin(φ)];
}

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec3) => Math.sqrt(dot(a, a));
const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const normalize = (a: Vec3): Vec3 => scale(a, 1 / norm(a));

/** Angle between two unit vectors, in radians (atan2 form: accurate for tiny and near-antipodal angles). */
function angleBetween(a: Vec3, b: Vec3): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

export function toPosition(v: Vec3): Position {
  return [(Math.atan2(v[1], v[0]) * 180) / Math.PI, (Math.asin(Math.max(-1, Math.min(1, v[2]))) * 180) / Math.PI];
}

/** The middle of the (shorter) arc a→b. */
export function arcMidpoint(a: Position, b: Position): Position {
  const [A, B] = [toVector(a), toVector(b)];
  const sum: Vec3 = [A[0] + B[0], A[1] + B[1], A[2] + B[2]];
  return norm(sum) < EPSILON ? a : toPosition(normalize(sum));
}

/** Great-circle distance between two positions, in radians. */
export function angularDistance(a: Position, b: Position): number {
  return angleBetween(toVector(a), toVector(b));
}

/** Shortest distance from `p` to the arc a→b, in radians. */
export function distanceToArc(p: Position, a: Position, b: Position): number {
  const [P, A, B] = [toVector(p), toVector(a), toVector(b)];
  const n = cross(A, B);
  const length = norm(n);
  if (length < EPSILON) return Math.min(angleBetween(P, A), angleBetween(P, B));
  const unit = scale(n, 1 / length);
  // The foot of the perpendicular from P onto the great circle, if it falls between A and B.
  const foot = sub(P, scale(unit, dot(P, unit)));
  if (norm(foot) > EPSILON && dot(cross(A, foot), unit) >= 0 && dot(cross(foot, B), unit) >= 0) {
    return Math.abs(Math.asin(Math.max(-1, Math.min(1, dot(P, unit)))));
  }
  return Math.min(angleBetween(P, A), angleBetween(P, B));
}

/** Whether x (on a's great circle) lies on the arc a→b whose normal is n. */
function onArc(x: Vec3, a: Vec3, b: Vec3, n: Vec3): boolean {
  return dot(cross(a, x), n) >= -EPSILON && dot(cross(x, b), n) >= -EPSILON;
}

/** Whether the arcs a1→a2 and b1→b2 share a point (touching counts). */
export function arcsIntersect(a1: Position, a2: Position, b1: Position, b2: Position): boolean {
  if (distanceToArc(a1, b1, b2) < EPSILON || distanceToArc(a2, b1, b2) < EPSILON) return true;
  if (distanceToArc(b1, a1, a2) < EPSILON || distanceToArc(b2, a1, a2) < EPSILON) return true;
  const [A1, A2, B1, B2] = [toVector(a1), toVector(a2), toVector(b1), toVector(b2)];
  const n1 = cross(A1, A2);
  const n2 = cross(B1, B2);
  const line = cross(n1, n2);
  if (norm(line) < EPSILON) return false; // same great circle, and no endpoint on the other arc
  const x = normalize(line);
  for (const candidate of [x, scale(x, -1)]) {
    if (onArc(candidate, A1, A2, n1) && onArc(candidate, B1, B2, n2)) return true;
  }
  return false;
}

/** Whether `p` lies on the ring's boundary. */
export function onRing(p: Position, ring: Position[]): boolean {
  for (let i = 0; i + 1 < ring.length; i++) if (distanceToArc(p, ring[i], ring[i + 1]) < EPSILON) return true;
  return false;
}

/**
 * Whether `p` is inside the ring (a closed loop smaller than a hemisphere, as MongoDB requires of GeoJSON
 * polygons). Seen from the ring's centre by gnomonic projection, great-circle edges are straight lines,
 * so the planar even-odd rule is exact; points on the far hemisphere are outside.
 */
export function insideRing(p: Position, ring: Position[]): boolean {
  const vertices = ring.slice(0, -1).map(toVector);
  const centre = normalize(vertices.reduce((sum, v) => [sum[0] + v[0], sum[1] + v[1], sum[2] + v[2]], [0, 0, 0] as Vec3));
  const e1 = normalize(Math.abs(centre[2]) < 0.9 ? cross([0, 0, 1], centre) : cross([1, 0, 0], centre));
  const e2 = cross(centre, e1);
  const project = (v: Vec3): [number, number] | undefined => {
    const d = dot(v, centre);
    if (d <= EPSILON) return undefined;
    return [dot(v, e1) / d, dot(v, e2) / d];
  };
  const point = project(toVector(p));
  if (!point) return false;
  const plane = vertices.map(project);
  if (plane.some((v) => v === undefined)) return false;
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = plane.length - 1; i < plane.length; j = i++) {
    const [xi, yi] = plane[i]!;
    const [xj, yj] = plane[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
