/**
 * The operator set every query, aggregation and watch filter runs with: mingo's, with the operators it
 * gets wrong replaced by MongoDB's definitions (each module says where mingo departs) and the ones it
 * lacks added ($indexOfCP, the geo operators, $jsonSchema's validator). Built once; `MINGO_OPTIONS`
 * (query-runner.ts) carries it.
 */
import { Context } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { Doc } from '../../types';
import * as dateOperators from './date-operators';
import { $geoIntersects, $geoWithin, $near, $nearSphere } from './geo/geo-query-operators';
import { compileJsonSchema } from './json-schema';
import { $elemMatch, $exists, $mod } from './query-operators';
import * as stringOperators from './string-operators';

const { formatDate: _formatDate, ...dateExpressionOperators } = dateOperators;

export const OPERATOR_CONTEXT = Context.init({
  accumulator: accumulatorOperators as never,
  expression: { ...expressionOperators, ...dateExpressionOperators, ...stringOperators } as never,
  pipeline: pipelineOperators as never,
  projection: projectionOperators as never,
  query: { ...queryOperators, $elemMatch, $exists, $mod, $geoWithin, $geoIntersects, $nearSphere, $near } as never,
  window: windowOperators as never,
});

export function jsonSchemaValidator(schema: Record<string, unknown>): (doc: Doc) => boolean {
  return compileJsonSchema(schema);
}
