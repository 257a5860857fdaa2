/**
 * The geo query operators as MongoDB defines them for 2dsphere data (MongoDB manual: $geoWithin,
 * $geoIntersects, $nearSphere, $near, $centerSphere, $box, $polygon), which is what the CloudBase SDKs
 * send: db.command.geoNear → `$nearSphere: { $geometry: Point, $maxDistance, $minDistance }` (metres),
 * geoWithin → `$geoWithin: { $geometry: Polygon | MultiPolygon }` or `{ $centerSphere: [[lng, lat], radians] }`,
 * geoIntersects → `$geoIntersects: { $geometry: <any GeoJSON> }` (@cloudbase/database serializer/query.js).
 * $near / $nearSphere also order the results by distance (see nearClauseOf and the query runner).
 */
import type { Doc } from '../../../types';
import { invalidRequest } from '../../errors';
import { isPlainObject } from '../../values';
import { valuesAtPath } from '../document-paths';
import { distanceTo, intersects, InvalidGeometry, parseGeometry, shapesOf, within, type Region, type Shape } from './geo-shapes';
import { EARTH_RADIUS_METERS, type Position } from './spherical-geometry';

type Predicate = (doc: Doc) => boolean;

function queryGeometry(value: unknown, operator: string): Shape {
  try {
    return parseGeometry(value);
  } catch (error) {
    if (error instanceof InvalidGeometry) throw invalidRequest(`${operator}: ${error.message}`);
    throw error;
  }
}

function anyShapeAt(selector: string, test: (shape: Shape) => boolean): Predicate {
  return (doc) => valuesAtPath(doc, selector).some((value) => shapesOf(value).some(test));
}

export function $geoWithin(selector: string, spec: unknown): Predicate {
  if (!isPlainObject(spec)) throw invalidRequest('$geoWithin requires an object argument');
  if ('$geometry' in spec) {
    const shape = queryGeometry(spec.$geometry, '$geoWithin');
    if (shape.points.length > 0 || shape.lines.length > 0) throw invalidRequest('$geoWithin not supported with provided geometry: only Polygon and MultiPolygon');
    const region: Region = { kind: 'polygons', polygons: shape.polygons };
    return anyShapeAt(selector, (s) => within(s, region));
  }
  if ('$centerSphere' in spec) {
    const [centre, radius] = Array.isArray(spec.$centerSphere) ? spec.$centerSphere : [];
    if (typeof radius !== 'number' || !(radius >= 0)) throw invalidRequest('$centerSphere: radius must be a non-negative number (radians)');
    const region: Region = { kind: 'cap', centre: queryGeometry({ type: 'Point', coordinates: centre }, '$centerSphere').points[0], radius };
    return anyShapeAt(selector, (s) => within(s, region));
  }
  // Legacy flat shapes: planar geometry over point locations (MongoDB: "calculates distances using flat geometry").
  if ('$box' in spec) {
    const [low, high] = planarPoints(spec.$box, '$box', 2);
    return anyPointAt(selector, ([x, y]) => x >= low[0] && x <= high[0] && y >= low[1] && y <= high[1]);
  }
  if ('$polygon' in spec) {
    const vertices = planarPoints(spec.$polygon, '$polygon', 3);
    return anyPointAt(selector, (p) => inPlanarPolygon(p, vertices));
  }
  if ('$center' in spec) {
    const [centre, radius] = Array.isArray(spec.$center) ? spec.$center : [];
    const [c] = planarPoints([centre], '$center', 1);
    if (typeof radius !== 'number' || !(radius >= 0)) throw invalidRequest('$center: radius must be a non-negative number');
    return anyPointAt(selector, ([x, y]) => Math.hypot(x - c[0], y - c[1]) <= radius);
  }
  throw invalidRequest('$geoWithin requires $geometry, $centerSphere, $box, $polygon or $center');
}

export function $geoIntersects(selector: string, spec: unknown): Predicate {
  if (!isPlainObject(spec) || !('$geometry' in spec)) throw invalidRequest('$geoIntersects requires a $geometry argument');
  const shape = queryGeometry(spec.$geometry, '$geoIntersects');
  return anyShapeAt(selector, (s) => intersects(s, shape));
}

/** A $near / $nearSphere clause: the point and distance bounds, in metres. */
export interface NearClause {
  path: string;
  point: Position;
  minMeters: number;
  maxMeters: number;
}

function nearClause(path: string, spec: unknown, operator: string): NearClause {
  if (!isPlainObject(spec) || !('$geometry' in spec)) throw invalidRequest(`${operator}: only the GeoJSON form { $geometry: Point, $maxDistance, $minDistance } is supported`);
  const shape = queryGeometry(spec.$geometry, operator);
  if (shape.points.length !== 1 || shape.lines.length > 0 || shape.polygons.length > 0) throw invalidRequest(`${operator}: $geometry must be a Point`);
  const bound = (value: unknown, name: string, fallback: number): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !(value >= 0)) throw invalidRequest(`${operator}: ${name} must be a non-negative number`);
    return value;
  };
  return { path, point: shape.points[0], minMeters: bound(spec.$minDistance, '$minDistance', 0), maxMeters: bound(spec.$maxDistance, '$maxDistance', Infinity) };
}

/** Nearest distance in metres from the clause's point to a geometry at its path; undefined without one. */
export function nearestMeters(doc: Doc, path: string, point: Position): number | undefined {
  let best: number | undefined;
  for (const value of valuesAtPath(doc, path)) {
    for (const shape of shapesOf(value)) {
      const meters = distanceTo(shape, point) * EARTH_RADIUS_METERS;
      if (best === undefined || meters < best) best = meters;
    }
  }
  return best;
}

function nearOperator(operator: string) {
  return (selector: string, spec: unknown): Predicate => {
    const clause = nearClause(selector, spec, operator);
    return (doc) => {
      const meters = nearestMeters(doc, selector, clause.point);
      return meters !== undefined && meters >= clause.minMeters && meters <= clause.maxMeters;
    };
  };
}

export const $nearSphere = nearOperator('$nearSphere');
export const $near = nearOperator('$near');

/** The filter's $near / $nearSphere clause (top level or inside a top-level $and), which orders results by distance. */
export function nearClauseOf(filter: Doc): NearClause | undefined {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) {
        const clause = isPlainObject(part) ? nearClauseOf(part) : undefined;
        if (clause) return clause;
      }
    } else if (!key.startsWith('$') && isPlainObject(value)) {
      if ('$nearSphere' in value) return nearClause(key, value.$nearSphere, '$nearSphere');
      if ('$near' in value) return nearClause(key, value.$near, '$near');
    }
  }
  return undefined;
}

/** Legacy shapes take point locations only (a Point, a MultiPoint, or a [x, y] pair). */
function anyPointAt(selector: string, test: (p: Position) => boolean): Predicate {
  return anyShapeAt(selector, (s) => s.lines.length === 0 && s.polygons.length === 0 && s.points.length > 0 && s.points.every(test));
}

function planarPoints(value: unknown, operator: string, min: number): Array<[number, number]> {
  if (!Array.isArray(value) || value.length < min) throw invalidRequest(`${operator} requires at least ${min} points`);
  return value.map((p) => {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') throw invalidRequest(`${operator}: points must be [x, y] pairs`);
    return [p[0], p[1]] as [number, number];
  });
}

function inPlanarPolygon([x, y]: Position, vertices: Array<[number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = vertices.length - 1; i < vertices.length; j = i++) {
    const [xi, yi] = vertices[i];
    const [xj, yj] = vertices[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
