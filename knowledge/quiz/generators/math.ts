import type { Grade } from '../bank';
import { generateUnit, type GeneratedItem, type UnitGenerator } from './build';
import * as e from './math-elementary';
import * as h from './math-high';
import * as m from './math-middle';

/**
 * Which generators each grade uses, by unit of curriculum.yaml. 고3 (2015 revision: 수학Ⅰ·Ⅱ,
 * 확률과 통계) shares generators with 고2 but draws its own seeds (the grade is in every id).
 */
export const MATH_UNITS: Readonly<Record<Grade, readonly UnitGenerator[]>> = {
  초1: [e.add20, e.sub20, e.tensAndOnes, e.addTwoDigitNoCarry],
  초2: [e.placeValue3, e.addCarry2, e.subBorrow2, e.timesTable, e.lengthUnits],
  초3: [e.add3, e.sub3, e.divideExact, e.mul2x1, e.fractionOfWhole, e.tenthsCount, e.hoursToMinutes],
  초4: [e.bigNumber, e.mul3x2, e.divide2, e.fractionSameDenominator, e.decimalAdd, e.triangleAngle],
  초5: [
    e.mixedOperations,
    e.greatestCommonDivisor,
    e.leastCommonMultiple,
    e.reduceFraction,
    e.fractionAddUnlike,
    e.rectangleMeasures,
    e.triangleArea,
    e.average,
  ],
  초6: [
    e.fractionDivide,
    e.decimalDivide,
    e.percent,
    e.proportionEquation,
    e.proportionalShare,
    e.circleArea,
    e.cuboidVolume,
  ],
  중1: [
    m.divisorCount,
    m.integerOperations,
    m.rationalAdd,
    m.linearEquation,
    m.directProportion,
    m.polygonAngles,
    m.median,
  ],
  중2: [
    m.repeatingDecimal,
    m.exponentLaws,
    m.expandCoefficient,
    m.inequalityBound,
    m.linearSystem,
    m.slope,
    m.pythagoras,
    m.simpleProbability,
  ],
  중3: [m.squareRootFactor, m.factorRoots, m.quadraticRoot, m.parabolaVertex, m.trigRatio, m.variance],
  고1: [
    h.polynomialProduct,
    h.remainderTheorem,
    h.complexProduct,
    h.rootsSymmetric,
    h.quadraticMaximum,
    h.countingArrangements,
    h.matrixProduct,
    h.pointDistance,
  ],
  고2: [h.logarithms, h.trigValues, h.sequences, h.limits, h.derivativeAtPoint, h.definiteIntegral],
  고3: [
    h.logarithms,
    h.sequences,
    h.derivativeAtPoint,
    h.definiteIntegral,
    h.repeatedCounting,
    h.binomialCoefficient,
    h.drawBalls,
  ],
};

/** Items per grade: comfortably above the floor of 60 so a student never meets the edge. */
export const MATH_ITEMS_PER_GRADE = 90;

/** Every generated math item of one grade, spread evenly over its units. */
export function generateMath(grade: Grade, total = MATH_ITEMS_PER_GRADE): GeneratedItem[] {
  const units = MATH_UNITS[grade];
  const each = Math.ceil(total / units.length);
  return units.flatMap((unit) => generateUnit('수학', 'math', grade, unit, each));
}
