/**
 * The `$geoNear` aggregation stage as MongoDB defines it (MongoDB manual, $geoNear): only as the first
 * stage; documents within [minDistance, maxDistance] of `near`, nearest first, each with its distance in
 * `distanceField` (times `distanceMultiplier`) and, with `includeLocs`, the location it was measured to.
 * A GeoJSON `near` (what db.command.aggregate's geoNear sends, `near: Point.toJSON()`) measures in metres;
 * a legacy [x, y] pair in radians when `spherical`, else in flat units. `key` names the location field;
 * without it the collection must hold exactly one field with locations (MongoDB: exactly one 2dsphere index).
 */
import type { Doc } from '../../../types';
import { invalidRequest } from '../../errors';
import { cloneValue, isPlainObject } from '../../values';
import { valuesAtPath } from '../document-paths';
import { distanceTo, parseGeometry, shapesOf } from './geo-shapes';
import { EARTH_RADIUS_METERS, type Position } from './spherical-geometry';

interface GeoNearSpec {
  near: Position;
  /** 'meters' for GeoJSON near, 'radians' for a legacy pair with spherical, 'flat' otherwise. */
  unit: 'meters' | 'radians' | 'flat';
  distanceField: string;
  includeLocs?: string;
  key?: string;
  min: number;
  max: number;
  multiplier: number;
  query?: Doc;
}

function parseSpec(raw: unknown): GeoNearSpec {
  if (!isPlainObject(raw)) throw invalidRequest('$geoNear requires an object');
  const { near, distanceField, includeLocs, key, spherical, query } = raw;
  if (typeof distanceField !== 'string' || distanceField === '') throw invalidRequest('$geoNear requires a distanceField');
  let point: Position;
  let unit: GeoNearSpec['unit'];
  if (Array.isArray(near) && near.length === 2 && near.every((n) => typeof n === 'number')) {
    point = [near[0] as number, near[1] as number];
    unit = spherical === true ? 'radians' : 'flat';
  } else {
    let shape;
    try {
      shape = parseGeometry(near);
    } catch (error) {
      throw invalidRequest(`$geoNear: near must be a GeoJSON Point or a legacy coordinate pair (${(error as Error).message})`);
    }
    if (shape.points.length !== 1 || shape.lines.length > 0 || shape.polygons.length > 0) throw invalidRequest('$geoNear: near must be a Point');
    point = shape.points[0];
    unit = 'meters';
  }
  const number = (value: unknown, name: string, fallback: number): number => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !(value >= 0)) throw invalidRequest(`$geoNear: ${name} must be a non-negative number`);
    return value;
  };
  if (includeLocs !== undefined && typeof includeLocs !== 'string') throw invalidRequest('$geoNear: includeLocs must be a string');
  if (key !== undefined && (typeof key !== 'string' || key === '')) throw invalidRequest('$geoNear: key must be a non-empty string');
  if (query !== undefined && !isPlainObject(query)) throw invalidRequest('$geoNear: query must be an object');
  return {
    near: point,
    unit,
    distanceField,
    includeLocs: includeLocs as string | undefined,
    key: key as string | undefined,
    min: number(raw.minDistance, 'minDistance', 0),
    max: number(raw.maxDistance, 'maxDistance', Infinity),
    multiplier: number(raw.distanceMultiplier, 'distanceMultiplier', 1),
    query: query as Doc | undefined,
  };
}

/** Field paths holding GeoJSON in any document (objects walked, arrays not), for a stage without `key`. */
function locationFields(docs: Doc[]): Set<string> {
  const fields = new Set<string>();
  const walk = (value: Record<string, unknown>, prefix: string) => {
    for (const [name, inner] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${name}` : name;
      if (!isPlainObject(inner)) continue;
      if (typeof inner.type === 'string' && 'coordinates' in inner) fields.add(path);
      else walk(inner, path);
    }
  };
  for (const doc of docs) walk(doc, '');
  return fields;
}

export function runGeoNearStage(docs: Doc[], raw: unknown, collectionName: string, matches: (filter: Doc) => (doc: Doc) => boolean): Doc[] {
  const spec = parseSpec(raw);
  let key = spec.key;
  if (key === undefined) {
    const fields = [...locationFields(docs)];
    if (fields.length === 0) throw invalidRequest('$geoNear requires a 2d or 2dsphere index, but none were found');
    if (fields.length > 1) throw invalidRequest(`There is more than one 2dsphere index on ${collectionName}; unsure which to use for $geoNear`);
    key = fields[0];
  }
  const test = spec.query ? matches(spec.query) : () => true;
  const measured: Array<{ doc: Doc; distance: number; location: unknown }> = [];
  for (const doc of docs) {
    if (!test(doc)) continue;
    let best: { distance: number; location: unknown } | undefined;
    for (const value of valuesAtPath(doc, key)) {
      const candidates = Array.isArray(value) && !(value.length === 2 && value.every((n) => typeof n === 'number')) ? value : [value];
      for (const location of candidates) {
        for (const shape of shapesOf(location)) {
          const distance = measure(spec, shape);
          if (!best || distance < best.distance) best = { distance, location };
        }
      }
    }
    if (best && best.distance >= spec.min && best.distance <= spec.max) measured.push({ doc, ...best });
  }
  measured.sort((a, b) => a.distance - b.distance);
  return measured.map(({ doc, distance, location }) => {
    const out = cloneValue(doc);
    setPath(out, spec.distanceField, distance * spec.multiplier);
    if (spec.includeLocs) setPath(out, spec.includeLocs, cloneValue(location));
    return out;
  });
}

function measure(spec: GeoNearSpec, shape: ReturnType<typeof shapesOf>[number]): number {
  if (spec.unit === 'flat') {
    return Math.min(...shape.points.map(([x, y]) => Math.hypot(x - spec.near[0], y - spec.near[1])), Infinity);
  }
  const radians = distanceTo(shape, spec.near);
  return spec.unit === 'meters' ? radians * EARTH_RADIUS_METERS : radians;
}

function setPath(target: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]] = value;
}
