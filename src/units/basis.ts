/**
 * Material bases. A tonne of rare-earth oxide, of rare-earth metal, of one element or of finished
 * magnet are different things: `Mass<B>` carries its basis in the type, so adding magnet tonnes to
 * oxide tonnes is a compile error, and moving between bases needs a `BasisFactor` that cites its
 * source.
 * @module
 * @example
 * const magnet = massOf("magnet", 650);                 // kg of NdFeB magnet
 * const re = convertBasis(magnet, MAGNET_TO_RE_METAL);  // kg of rare-earth metal, via a sourced factor
 */

export const ELEMENTS = [
  "Nd",
  "Pr",
  "Dy",
  "Tb",
  "Sm",
  "Ce",
  "La",
  "Y",
  "Gd",
  "Ho",
  "Er",
  "Eu",
  "Lu",
  "Sc",
  "Tm",
  "Yb",
] as const;
export type Element = (typeof ELEMENTS)[number];

/** REO: rare-earth oxide; RE-metal: rare-earth metal content; magnet: finished magnet; Nd, Dy…: one element. */
export type MaterialBasis = "REO" | "RE-metal" | "magnet" | Element;

/** A mass in kilograms on a stated material basis. */
export type Mass<B extends MaterialBasis> = number & { readonly __unit: "kg"; readonly __basis: B };

export function massOf<B extends MaterialBasis>(_basis: B, kg: number): Mass<B> {
  if (!Number.isFinite(kg)) throw new RangeError(`not a finite mass: ${kg}`);
  return kg as Mass<B>;
}

/** A sourced conversion factor: kg of `to` per kg of `from`, with its range and citation. */
export interface BasisFactor<From extends MaterialBasis, To extends MaterialBasis> {
  readonly from: From;
  readonly to: To;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly source: string;
  readonly note: string;
}

export function convertBasis<From extends MaterialBasis, To extends MaterialBasis>(
  q: Mass<NoInfer<From>>,
  f: BasisFactor<From, To>,
): Mass<To> {
  return (q * f.value) as Mass<To>;
}

/**
 * NdFeB magnets are about 30% rare earth by mass (as metal). Source: Heim & Vander Wal, Minerals
 * 2023 13(10):1274, as cited in data/reference/magnet_demand_intensity.csv ("RE content ~30% of
 * magnet (as metal)"); the range 29–32% is the common sintered-NdFeB composition band (Nd₂Fe₁₄B
 * stoichiometry gives 26.7% Nd alone) — an assumption stated here.
 */
export const MAGNET_TO_RE_METAL: BasisFactor<"magnet", "RE-metal"> = {
  from: "magnet",
  to: "RE-metal",
  value: 0.3,
  low: 0.29,
  high: 0.32,
  source:
    "Heim & Vander Wal, Minerals 2023 13(10):1274 (doi:10.3390/min13101274), via encyclopedia.pub/entry/50309",
  note: "value sourced; the 29–32% range is an assumption (typical sintered NdFeB composition band)",
};

/**
 * Rare-earth metal to oxide: RE₂O₃ carries 3 O per 2 RE; for Nd (144.24 g/mol) that is
 * 336.48 / 288.48 = 1.1664 kg Nd₂O₃ per kg Nd. Stoichiometry, not a measurement: the range covers
 * La (1.173) to Dy (1.148) and Pr₆O₁₁ (1.208 for Pr).
 */
export const RE_METAL_TO_REO: BasisFactor<"RE-metal", "REO"> = {
  from: "RE-metal",
  to: "REO",
  value: 1.1664,
  low: 1.148,
  high: 1.208,
  source: "stoichiometry (IUPAC atomic weights): Nd₂O₃ 336.48 g/mol per 2 × 144.24 g/mol Nd",
  note: "range from Dy₂O₃ (1.148) to Pr₆O₁₁ (1.208)",
};
