import { routeQuestion, type RouteKind } from '../answers/route-question';
import { detectLanguage, type DetectedLanguage } from '../language/detect';
import { evaluateExtraction } from './evaluate-extraction';
import { isHeldOut, readJsonl } from './split';

/** Routing and language detection over their blind sets, plus extraction, as one figure per split. */

export interface SetFigures {
  name: string;
  tuning: { right: number; total: number };
  heldout: { right: number; total: number };
  /** Misses of the tuning part (held-out misses are counted, never listed). */
  tuningMisses: string[];
}

interface Scored {
  text: string;
  ok: boolean;
  miss: string;
}

function figures(name: string, scored: Scored[]): SetFigures {
  const part = (held: boolean) => {
    const rows = scored.filter((r) => isHeldOut(r.text) === held);
    return { right: rows.filter((r) => r.ok).length, total: rows.length };
  };
  return {
    name,
    tuning: part(false),
    heldout: part(true),
    tuningMisses: scored.filter((r) => !r.ok && !isHeldOut(r.text)).map((r) => r.miss),
  };
}

/** Routing set: labels fact / check / other. */
export function evaluateRouting(): SetFigures {
  const rows = readJsonl<{ text: string; label: RouteKind }>('routing.jsonl');
  return figures(
    'routing',
    rows.map((r) => {
      const kind = routeQuestion(r.text).kind;
      return { text: r.text, ok: kind === r.label, miss: `${r.label} → ${kind}: ${r.text}` };
    }),
  );
}

/** Language set: ko / en / vi / zh. */
export function evaluateLanguages(): SetFigures {
  const rows = readJsonl<{ text: string; lang: DetectedLanguage }>('languages.jsonl');
  return figures(
    'languages',
    rows.map((r) => {
      const got = detectLanguage(r.text);
      return { text: r.text, ok: got === r.lang, miss: `${r.lang} → ${got ?? 'none'}: ${r.text}` };
    }),
  );
}

/** Extraction set: every slot right. */
export function evaluateExtractionSet(): SetFigures {
  return figures(
    'extraction',
    evaluateExtraction().map((r) => ({
      text: r.text,
      ok: r.ok,
      miss: `${r.text} — ${r.wrong.map((k) => `${k}: got ${JSON.stringify(r.got[k])} want ${JSON.stringify(r.want[k])}`).join('; ')}`,
    })),
  );
}

const percent = (p: { right: number; total: number }): string =>
  `${p.right}/${p.total} (${p.total ? ((100 * p.right) / p.total).toFixed(1) : '0.0'} %)`;

/** One line per set: tuning / held-out, and the held-out misses count. */
export function formatFigures(all: SetFigures[], showHeldOut: boolean): string {
  return all
    .map(
      (f) =>
        `${f.name.padEnd(11)} tuning ${percent(f.tuning)}` +
        (showHeldOut
          ? `  held-out ${percent(f.heldout)}  held-out misses ${f.heldout.total - f.heldout.right}`
          : ''),
    )
    .join('\n');
}
