/**
 * GeoJSON as the SDKs write it (db.Geo.Point, LineString, Polygon, MultiPoint, MultiLineString,
 * MultiPolygon arrive as plain `{ type, coordinates }` objects) and the relations MongoDB's geo operators
 * test between shapes: intersects ($geoIntersects), within ($geoWithin) and distance ($nearSphere,
 * $geoNear). A legacy coordinate pair [lng, lat] in a document counts as a point, as a 2dsphere index
 * takes it.
 */
import { isPlainObject } from '../../values';
import { angularDistance, arcMidpoint, arcsIntersect, distanceToArc, insideRing, onRing, type Position } from './spherical-geometry';

/** Any GeoJSON geometry as its parts: points, lines (position lists) and polygons (rings, the first outer). */
export interface Shape {
  points: Position[];
  lines: Position[][];
  polygons: Position[][][];
}

/** A region for $geoWithin: polygons, or a spherical cap ($centerSphere: centre and radius in radians). */
export type Region = { kind: 'polygons'; polygons: Position[][][] } | { kind: 'cap'; centre: Position; radius: number };

export class InvalidGeometry extends Error {}

function position(value: unknown): Position {
  if (!Array.isArray(value) || value.length < 2 || typeof value[0] !== 'number' || typeof value[1] !== 'number') {
    throw new InvalidGeometry(`Point must only contain numeric elements: ${JSON.stringify(value)}`);
  }
  const [lng, lat] = value as [number, number];
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || Math.abs(lng) > 180 || Math.abs(lat) > 90) {
    throw new InvalidGeometry(`longitude/latitude is out of bounds, lng: ${lng} lat: ${lat}`);
  }
  return [lng, lat];
}

function line(value: unknown): Position[] {
  if (!Array.isArray(value) || value.length < 2) throw new InvalidGeometry('GeoJSON LineString must have at least 2 vertices');
  return value.map(position);
}

function ring(value: unknown): Position[] {
  if (!Array.isArray(value) || value.length < 4) throw new InvalidGeometry('Loop must have at least 3 different vertices');
  const positions = value.map(position);
  const [first, last] = [positions[0], positions[positions.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) throw new InvalidGeometry('Loop is not closed, first vertex does not equal last vertex');
  return positions;
}

function polygon(value: unknown): Position[][] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidGeometry('Polygon has no loops');
  return value.map(ring);
}

function coordinateList<T>(value: unknown, each: (item: unknown) => T): T[] {
  if (!Array.isArray(value) || value.length === 0) throw new InvalidGeometry('GeoJSON coordinates must be a non-empty array');
  return value.map(each);
}

/** Parses a GeoJSON geometry; throws InvalidGeometry with MongoDB's wording when it is malformed. */
export function parseGeometry(value: unknown): Shape {
  if (!isPlainObject(value) || typeof value.type !== 'string') throw new InvalidGeometry('unknown GeoJSON type');
  const coordinates = value.coordinates;
  const shape: Shape = { points: [], lines: [], polygons: [] };
  switch (value.type) {
    case 'Point':
      shape.points.push(position(coordinates));
      break;
    case 'MultiPoint':
      shape.points.push(...coordinateList(coordinates, position));
      break;
    case 'LineString':
      shape.lines.push(line(coordinates));
      break;
    case 'MultiLineString':
      shape.lines.push(...coordinateList(coordinates, line));
      break;
    case 'Polygon':
      shape.polygons.push(polygon(coordinates));
      break;
    case 'MultiPolygon':
      shape.polygons.push(...coordinateList(coordinates, polygon));
      break;
    default:
      throw new InvalidGeometry(`unknown GeoJSON type: ${value.type}`);
  }
  return shape;
}

/**
 * The shapes a document holds at a path value: a GeoJSON object, a legacy [lng, lat] pair, or an array of
 * those (a multikey location). Values that are not geometry are skipped, as a 2dsphere index skips them.
 */
export function shapesOf(value: unknown): Shape[] {
  if (isLegacyPair(value)) return [{ points: [position(value)], lines: [], polygons: [] }];
  if (Array.isArray(value)) return value.flatMap((item) => (Array.isArray(item) && !isLegacyPair(item) ? [] : shapesOf(item)));
  if (!isPlainObject(value)) return [];
  try {
    return [parseGeometry(value)];
  } catch {
    return [];
  }
}

function isLegacyPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'number';
}

function segments(positions: Position[]): Array<[Position, Position]> {
  const out: Array<[Position, Position]> = [];
  for (let i = 0; i + 1 < positions.length; i++) out.push([positions[i], positions[i + 1]]);
  return out;
}

/** Inside the outer ring (or on it) and not strictly inside a hole. */
function inPolygon(p: Position, rings: Position[][]): boolean {
  const [outer, ...holes] = rings;
  if (!(onRing(p, outer) || insideRing(p, outer))) return false;
  return holes.every((hole) => onRing(p, hole) || !insideRing(p, hole));
}

function boundaries(polygons: Position[][][]): Array<[Position, Position]> {
  return polygons.flatMap((rings) => rings.flatMap(segments));
}

function crossesAny(edges: Array<[Position, Position]>, others: Array<[Position, Position]>): boolean {
  return edges.some(([a, b]) => others.some(([c, d]) => arcsIntersect(a, b, c, d)));
}

/** Whether the two shapes share at least one point ($geoIntersects). */
export function intersects(a: Shape, b: Shape): boolean {
  const aEdges = [...a.lines.flatMap(segments), ...boundaries(a.polygons)];
  const bEdges = [...b.lines.flatMap(segments), ...boundaries(b.polygons)];
  const pointTouches = (p: Position, shape: Shape, edges: Array<[Position, Position]>) =>
    shape.points.some((q) => angularDistance(p, q) < 1e-12) ||
    edges.some(([c, d]) => distanceToArc(p, c, d) < 1e-12) ||
    shape.polygons.some((rings) => inPolygon(p, rings));
  if (a.points.some((p) => pointTouches(p, b, bEdges))) return true;
  if (b.points.some((p) => pointTouches(p, a, aEdges))) return true;
  if (crossesAny(aEdges, bEdges)) return true;
  // No edges cross: a line or polygon lies wholly inside one of the other's polygons, or they are apart.
  const someVertex = (shape: Shape) => [...shape.lines.map((l) => l[0]), ...shape.polygons.map((rings) => rings[0][0])];
  if (someVertex(a).some((p) => b.polygons.some((rings) => inPolygon(p, rings)))) return true;
  return someVertex(b).some((p) => a.polygons.some((rings) => inPolygon(p, rings)));
}

/**
 * Whether every part of the shape lies inside the region ($geoWithin; the boundary counts as inside).
 * Each part (a point, a line, a polygon) must lie within one of the region's polygons; the parts of a
 * Multi* geometry may lie in different ones.
 */
export function within(shape: Shape, region: Region): boolean {
  if (region.kind === 'cap') {
    const vertices = [...shape.points, ...shape.lines.flat(), ...shape.polygons.flatMap((rings) => rings[0])];
    return vertices.every((p) => angularDistance(p, region.centre) <= region.radius);
  }
  const inSome = (vertices: Position[], edges: Array<[Position, Position]>, polygons: Position[][][]) =>
    region.polygons.some((rings) => {
      if (!vertices.every((p) => inPolygon(p, rings))) return false;
      // Every vertex inside, yet an edge may still leave through a hole or a concave part of the boundary:
      // it crosses a ring edge, or (touching the boundary) its middle lies outside.
      const ringEdges = rings.flatMap(segments);
      if (edges.some(([a, b]) => ringEdges.some(([c, d]) => properlyCross(a, b, c, d)) || !inPolygon(arcMidpoint(a, b), rings))) return false;
      // A hole of the region inside the part's polygon is not covered by the region.
      return rings.slice(1).every((hole) => !polygons.some((own) => inPolygon(hole[0], own)));
    });
  return (
    shape.points.every((p) => inSome([p], [], [])) &&
    shape.lines.every((l) => inSome(l, segments(l), [])) &&
    shape.polygons.every((rings) => inSome(rings[0], segments(rings[0]), [rings]))
  );
}

/** The arcs cross at a point that is an endpoint of neither. */
function properlyCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const touches = (p: Position, x: Position, y: Position) => distanceToArc(p, x, y) < 1e-12;
  if (touches(a, c, d) || touches(b, c, d) || touches(c, a, b) || touches(d, a, b)) return false;
  return arcsIntersect(a, b, c, d);
}

/** Distance in radians from `p` to the nearest point of the shape (0 inside a polygon). */
export function distanceTo(shape: Shape, p: Position): number {
  let best = Infinity;
  for (const q of shape.points) best = Math.min(best, angularDistance(p, q));
  for (const [a, b] of shape.lines.flatMap(segments)) best = Math.min(best, distanceToArc(p, a, b));
  for (const rings of shape.polygons) {
    if (inPolygon(p, rings)) return 0;
    for (const [a, b] of rings.flatMap(segments)) best = Math.min(best, distanceToArc(p, a, b));
  }
  return best;
}
