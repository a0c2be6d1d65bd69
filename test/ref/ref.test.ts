import { test } from "node:test";
import assert from "node:assert/strict";
import {
  countryByComtradeCode,
  countryByIso2,
  countryByIso3,
  isAggregate,
  EU27_MEMBERS,
} from "../../src/ref/countries.js";
import { COMMODITIES, commodityForAnyCode, commodityForCode } from "../../src/ref/commodities.js";

test("maps Comtrade codes that differ from M49 to the right countries", () => {
  assert.equal(countryByComtradeCode(842)?.iso3, "USA");
  assert.equal(countryByComtradeCode(699)?.iso3, "IND");
  assert.equal(countryByComtradeCode(490)?.name, "Other Asia, nes");
  assert.equal(countryByComtradeCode(0)?.iso3, "WLD");
  assert.equal(countryByComtradeCode(156)?.iso3, "CHN");
  assert.equal(countryByIso3("USA")?.m49, 840);
  assert.equal(countryByIso2("DE")?.iso3, "DEU");
  assert.equal(countryByComtradeCode(999_999), undefined);
});

test("aggregates are marked so they are never summed with members", () => {
  for (const code of ["WLD", "EU27", "EUR", "OTH"]) assert.equal(isAggregate(code), true, code);
  assert.equal(isAggregate("DEU"), false);
  assert.equal(EU27_MEMBERS.length, 27);
  assert.ok(EU27_MEMBERS.every((m) => countryByIso3(m) && !isAggregate(m)));
});

test("HS6 8505.11 is not the rare-earth magnet line and says so", () => {
  const hs6 = commodityForAnyCode("8505.11");
  assert.equal(hs6?.id, "pm-metal-hs6");
  assert.match(hs6?.caveat ?? "", /twice the rare-earth line/);
  assert.equal(commodityForCode("CN-CHN", "85051110")?.id, "re-magnets");
  assert.equal(commodityForCode("HTS-USA", "8505.11.0070")?.id, "re-magnets");
  assert.equal(commodityForAnyCode("85051190"), undefined);
});

test("every catalogue id is unique and every code belongs to one id", () => {
  const ids = COMMODITIES.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length);
  const codes = COMMODITIES.flatMap((c) => c.codes.map((k) => `${k.scheme}:${k.code}`));
  assert.equal(new Set(codes).size, codes.length);
});
