#!/usr/bin/env python3
"""Check the versioned reference data under src/lingong/data (stdlib only).

Usage: python3 scripts/check_data.py [DATA_DIR]

Loads occupations.json, divisions.json and demo/names.json, checks their invariants,
prints a summary and exits 1 if any invariant is violated.
"""

from __future__ import annotations

import json
import re
import string
import sys
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "src" / "lingong" / "data"

MIN_OCCUPATIONS = 170
MIN_INDUSTRIES = 15
CODE_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
NOC_RE = re.compile(r"^\d-\d\d-\d\d-\d\d$")
PAY_UNITS = {"hour", "day", "piece", "month"}
# Plausibility bounds in yuan per unit (Tangshan, 2026).
PAY_BOUNDS = {"hour": (15, 400), "day": (120, 1000), "piece": (1, 5000), "month": (2200, 20000)}
CERT_KINDS = {"special_operations", "special_equipment", "health", "driving"}

# GB/T 2260 codes that must be present (DOMAIN-RULES.md).
EXPECTED_DIVISIONS = {
    "130200": "唐山市",
    "130202": "路南区",
    "130203": "路北区",
    "130204": "古冶区",
    "130205": "开平区",
    "130207": "丰南区",
    "130208": "丰润区",
    "130209": "曹妃甸区",
    "130224": "滦南县",
    "130225": "乐亭县",
    "130227": "迁西县",
    "130229": "玉田县",
    "130281": "遵化市",
    "130283": "迁安市",
    "130284": "滦州市",
    "130202001": "学院南路街道",
    "130202002": "友谊街道",
    "130202003": "广场街道",
    "130202004": "永红桥街道",
    "130202005": "小山街道",
    "130202006": "文化北后街街道",
    "130202007": "钱家营矿区街道",
    "130202008": "惠民道街道",
    "130202009": "梁家屯路街道",
    "130202102": "稻地镇",
    "130202103": "女织寨镇",
}
# District centres given in DOMAIN-RULES.md (GCJ-02); entries with approximate=false must match them.
FIXED_CENTRES = {
    "130202": (118.2108, 39.6152),
    "130203": (118.1747, 39.6285),
    "130207": (118.1108, 39.5630),
    "130205": (118.2644, 39.6762),
    "130204": (118.4543, 39.7157),
    "130208": (118.1558, 39.8314),
    "130209": (118.4466, 39.2783),
}
# Lunan's sub-districts and towns all lie inside this box (GCJ-02).
LUNAN_BOX = {"min_lon": 118.14, "max_lon": 118.30, "min_lat": 39.53, "max_lat": 39.64}
# Tangshan's extent, which served_area must cover.
TANGSHAN_EXTENT = {"min_lon": 117.5, "max_lon": 119.3, "min_lat": 38.9, "max_lat": 40.5}

TITLE_FIELDS = {"occupation", "n", "district"}
DESCRIPTION_FIELDS = {"occupation", "hours", "place"}


class Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def check(self, ok: bool, message: str) -> bool:
        if not ok:
            self.errors.append(message)
        return ok

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def load(path: Path, c: Checker):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        c.check(False, f"{path}: cannot read as UTF-8: {exc}")
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        c.check(False, f"{path}: invalid JSON: {exc}")
        return None
    canonical = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    c.check(
        text == canonical, f"{path.name}: not formatted as json.dumps(ensure_ascii=False, indent=2) + newline"
    )
    return data


def is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def is_num(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def nonempty_str(x) -> bool:
    return isinstance(x, str) and x.strip() == x and x != ""


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def check_occupations(data, c: Checker) -> dict:
    info: dict = {"industries": set(), "occupations": 0, "certificates": 0, "noc": {}}
    if not c.check(isinstance(data, dict), "occupations.json: top level must be an object"):
        return info
    c.check(nonempty_str(data.get("version")), "occupations.json: missing version")
    c.check(
        isinstance(data.get("source_note"), str) and data["source_note"] != "",
        "occupations.json: missing source_note",
    )

    certs: dict[str, dict] = {}
    for cert in data.get("certificates") or []:
        code = cert.get("code")
        where = f"certificate {code!r}"
        c.check(isinstance(code, str) and CODE_RE.match(code or "") is not None, f"{where}: bad code")
        c.check(code not in certs, f"{where}: duplicate code")
        certs[code] = cert
        c.check(nonempty_str(cert.get("name")), f"{where}: missing name")
        c.check(cert.get("kind") in CERT_KINDS, f"{where}: kind must be one of {sorted(CERT_KINDS)}")
        c.check(
            is_int(cert.get("validity_years")) and cert["validity_years"] > 0,
            f"{where}: validity_years must be a positive int",
        )
        rv = cert.get("review_years")
        c.check(
            rv is None or (is_int(rv) and 0 < rv <= cert.get("validity_years", 0)),
            f"{where}: review_years must be null or a positive int <= validity_years",
        )
        c.check(nonempty_str(cert.get("issuer_hint")), f"{where}: missing issuer_hint")
        if cert.get("kind") == "special_operations":
            c.check(
                cert.get("validity_years") == 6 and rv == 3,
                f"{where}: special operations certificates are valid 6 years, reviewed every 3",
            )
        if cert.get("kind") == "special_equipment":
            c.check(rv == 4, f"{where}: special equipment certificates are reviewed every 4 years")
    info["certificates"] = len(certs)
    c.check(len(certs) > 0, "occupations.json: no certificates")

    industries = data.get("industries") or []
    c.check(
        len(industries) >= MIN_INDUSTRIES,
        f"occupations.json: {len(industries)} industries, need >= {MIN_INDUSTRIES}",
    )
    occs: dict[str, dict] = {}
    industry_names: set[str] = set()
    for ind in industries:
        icode = ind.get("code")
        c.check(
            isinstance(icode, str) and CODE_RE.match(icode or "") is not None, f"industry {icode!r}: bad code"
        )
        c.check(icode not in info["industries"], f"industry {icode!r}: duplicate code")
        info["industries"].add(icode)
        c.check(
            nonempty_str(ind.get("name")) and ind.get("name") not in industry_names,
            f"industry {icode!r}: missing or duplicate name",
        )
        industry_names.add(ind.get("name"))
        c.check(
            isinstance(ind.get("insurance_default"), bool),
            f"industry {icode!r}: insurance_default must be bool",
        )
        c.check(len(ind.get("occupations") or []) > 0, f"industry {icode!r}: no occupations")
        for occ in ind.get("occupations") or []:
            code = occ.get("code")
            c.check(
                isinstance(code, str) and CODE_RE.match(code or "") is not None,
                f"occupation {code!r}: code must be lowercase snake_case",
            )
            c.check(code not in occs, f"occupation {code!r}: duplicate code")
            occs[code] = occ
    info["occupations"] = len(occs)
    c.check(
        len(occs) >= MIN_OCCUPATIONS, f"occupations.json: {len(occs)} occupations, need >= {MIN_OCCUPATIONS}"
    )

    names: dict[str, str] = {}
    for code, occ in occs.items():
        name = occ.get("name")
        if c.check(nonempty_str(name), f"occupation {code}: missing name"):
            c.check(name not in names, f"occupation {code}: name {name!r} also used by {names.get(name)}")
            names[name] = code

    synonyms: dict[str, str] = {}
    for code, occ in occs.items():
        where = f"occupation {code}"
        syns = occ.get("synonyms")
        if c.check(isinstance(syns, list) and 1 <= len(syns) <= 5, f"{where}: needs 1-5 synonyms"):
            for s in syns:
                if not c.check(nonempty_str(s), f"{where}: empty synonym"):
                    continue
                c.check(s not in names, f"{where}: synonym {s!r} is the name of occupation {names.get(s)}")
                c.check(s not in synonyms, f"{where}: synonym {s!r} also used by {synonyms.get(s)}")
                synonyms.setdefault(s, code)

        rel = occ.get("related")
        if c.check(isinstance(rel, list) and 1 <= len(rel) <= 4, f"{where}: needs 1-4 related codes"):
            c.check(len(set(rel)) == len(rel), f"{where}: duplicate related codes")
            for r in rel:
                c.check(r != code, f"{where}: related to itself")
                if c.check(r in occs, f"{where}: related code {r!r} does not resolve") and code not in (
                    occs[r].get("related") or []
                ):
                    c.warn(f"related not symmetric: {code} -> {r}")

        cert = occ.get("certificate")
        c.check(cert is None or cert in certs, f"{where}: certificate {cert!r} does not resolve")
        noc = occ.get("noc_code")
        c.check(
            isinstance(noc, str) and (noc == "" or NOC_RE.match(noc) is not None),
            f"{where}: noc_code must be '' or d-dd-dd-dd",
        )
        if noc:
            info["noc"][code] = noc
        c.check(isinstance(occ.get("insurance_default"), bool), f"{where}: insurance_default must be bool")
        unit = occ.get("default_pay_unit")
        c.check(unit in PAY_UNITS, f"{where}: default_pay_unit must be one of {sorted(PAY_UNITS)}")
        pay = occ.get("typical_pay")
        if c.check(
            isinstance(pay, list) and len(pay) == 2 and all(is_int(p) for p in pay),
            f"{where}: typical_pay must be [min, max] ints",
        ):
            lo, hi = pay
            c.check(0 < lo <= hi, f"{where}: typical_pay min must be positive and <= max")
            if unit in PAY_BOUNDS:
                blo, bhi = PAY_BOUNDS[unit]
                c.check(
                    blo <= lo and hi <= bhi,
                    f"{where}: typical_pay {pay} per {unit} outside plausible {blo}-{bhi}",
                )

    nocs = list(info["noc"].values())
    c.check(len(nocs) == len(set(nocs)), "occupations.json: a noc_code is used by more than one occupation")

    # Rules from DOMAIN-RULES.md that the taxonomy must encode.
    by_name = {o.get("name"): o for o in occs.values()}
    loader = occs.get("loader_driver")
    if c.check(loader is not None, "occupations.json: loader_driver missing"):
        c.check(loader.get("certificate") is None, "loader_driver must need no national certificate")
        c.check("铲车司机" in (loader.get("synonyms") or []), "loader_driver must have synonym 铲车司机")
    for name, kind in (
        ("电工", "special_operations"),
        ("焊工", "special_operations"),
        ("叉车司机", "special_equipment"),
    ):
        o = by_name.get(name)
        if c.check(o is not None, f"occupation {name} missing"):
            cert = certs.get(o.get("certificate"))
            c.check(
                cert is not None and cert.get("kind") == kind,
                f"occupation {name} must require a {kind} certificate",
            )
    return info


def check_divisions(data, c: Checker) -> dict:
    info: dict = {"count": 0, "levels": {}}
    if not c.check(isinstance(data, dict), "divisions.json: top level must be an object"):
        return info
    c.check(nonempty_str(data.get("version")), "divisions.json: missing version")
    c.check(data.get("datum") == "gcj02", "divisions.json: datum must be 'gcj02'")
    c.check(nonempty_str(data.get("note")), "divisions.json: missing note")
    area = data.get("served_area") or {}
    keys = ("min_lon", "max_lon", "min_lat", "max_lat")
    if not c.check(
        all(is_num(area.get(k)) for k in keys), "divisions.json: served_area needs numeric min/max lon/lat"
    ):
        return info
    c.check(
        area["min_lon"] <= TANGSHAN_EXTENT["min_lon"]
        and area["max_lon"] >= TANGSHAN_EXTENT["max_lon"]
        and area["min_lat"] <= TANGSHAN_EXTENT["min_lat"]
        and area["max_lat"] >= TANGSHAN_EXTENT["max_lat"],
        "divisions.json: served_area must cover all of Tangshan",
    )
    c.check(
        area["max_lon"] - area["min_lon"] < 3 and area["max_lat"] - area["min_lat"] < 3,
        "divisions.json: served_area margin is too large",
    )

    divs: dict[str, dict] = {}
    for d in data.get("divisions") or []:
        code = d.get("code")
        c.check(code not in divs, f"division {code!r}: duplicate code")
        divs[code] = d
    info["count"] = len(divs)
    for code, name in EXPECTED_DIVISIONS.items():
        if c.check(code in divs, f"division {code} {name} missing"):
            c.check(divs[code].get("name") == name, f"division {code}: name must be {name}")

    def inside(d, box) -> bool:
        return (
            box["min_lon"] <= d.get("lon") <= box["max_lon"]
            and box["min_lat"] <= d.get("lat") <= box["max_lat"]
        )

    for code, d in divs.items():
        where = f"division {code}"
        level = d.get("level")
        info["levels"][level] = info["levels"].get(level, 0) + 1
        c.check(
            nonempty_str(d.get("name")) and nonempty_str(d.get("short_name")),
            f"{where}: missing name/short_name",
        )
        c.check(isinstance(d.get("approximate"), bool), f"{where}: approximate must be bool")
        if not c.check(is_num(d.get("lon")) and is_num(d.get("lat")), f"{where}: lon/lat must be numbers"):
            continue
        c.check(inside(d, area), f"{where}: centre ({d['lon']}, {d['lat']}) outside served_area")
        parent = d.get("parent")
        if level == "city":
            c.check(
                re.fullmatch(r"\d{6}", code or "") is not None and parent is None,
                f"{where}: city needs a 6-digit code and no parent",
            )
        elif level in ("district", "county"):
            c.check(re.fullmatch(r"\d{6}", code or "") is not None, f"{where}: needs a 6-digit code")
            if c.check(parent in divs, f"{where}: parent {parent!r} does not resolve"):
                c.check(
                    divs[parent].get("level") == "city" and code[:4] == parent[:4],
                    f"{where}: parent must be its city",
                )
        elif level == "subdistrict":
            c.check(re.fullmatch(r"\d{9}", code or "") is not None, f"{where}: needs a 9-digit code")
            if c.check(parent in divs, f"{where}: parent {parent!r} does not resolve"):
                c.check(
                    divs[parent].get("level") in ("district", "county") and code[:6] == parent,
                    f"{where}: code must start with its parent's",
                )
            if parent == "130202":
                c.check(inside(d, LUNAN_BOX), f"{where}: centre ({d['lon']}, {d['lat']}) outside Lunan's box")
        else:
            c.check(False, f"{where}: unknown level {level!r}")
        if code in FIXED_CENTRES and d.get("approximate") is False:
            lon, lat = FIXED_CENTRES[code]
            c.check(
                abs(d["lon"] - lon) < 1e-6 and abs(d["lat"] - lat) < 1e-6,
                f"{where}: centre differs from DOMAIN-RULES",
            )
        if d.get("approximate") is False:
            c.check(
                code in FIXED_CENTRES, f"{where}: approximate=false only for centres given in DOMAIN-RULES"
            )
    return info


def check_names(data, c: Checker, industry_codes: set[str]) -> dict:
    info: dict = {}
    if not c.check(isinstance(data, dict), "names.json: top level must be an object"):
        return info

    def str_list(key: str, minimum: int, single_char: bool = False) -> list:
        xs = data.get(key)
        if not c.check(
            isinstance(xs, list) and all(nonempty_str(x) for x in xs),
            f"names.json: {key} must be a list of strings",
        ):
            return []
        c.check(len(xs) >= minimum, f"names.json: {key} has {len(xs)}, need >= {minimum}")
        c.check(len(set(xs)) == len(xs), f"names.json: {key} has duplicates")
        if single_char:
            c.check(all(len(x) == 1 for x in xs), f"names.json: {key} must be single characters")
        info[key] = len(xs)
        return xs

    surnames = data.get("surnames")
    if c.check(
        isinstance(surnames, list)
        and all(
            isinstance(s, list) and len(s) == 2 and nonempty_str(s[0]) and is_num(s[1]) and s[1] > 0
            for s in surnames
        ),
        "names.json: surnames must be [[surname, positive weight], ...]",
    ):
        names = [s[0] for s in surnames]
        c.check(len(names) >= 90, f"names.json: {len(names)} surnames, need >= 90")
        c.check(len(set(names)) == len(names), "names.json: duplicate surnames")
        for s in ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"):
            c.check(s in names, f"names.json: common surname {s} missing")
        c.check(any(len(s) == 2 for s in names), "names.json: no compound surnames")
        info["surnames"] = len(names)
    str_list("given_chars_male", 100, single_char=True)
    str_list("given_chars_female", 100, single_char=True)
    str_list("enterprise_prefixes", 70)
    str_list("household_suffixes", 1)
    str_list("lunan_streets", 50)
    str_list("community_station_names", 133)
    titles = str_list("job_title_templates", 5)
    for t in titles:
        c.check(
            placeholders(t) <= TITLE_FIELDS and "occupation" in placeholders(t),
            f"names.json: title template {t!r} uses fields outside {sorted(TITLE_FIELDS)}",
        )

    forms = data.get("enterprise_forms_by_industry")
    if c.check(isinstance(forms, dict), "names.json: enterprise_forms_by_industry must be an object"):
        c.check(
            set(forms) == industry_codes,
            f"names.json: enterprise_forms_by_industry industries differ from occupations.json: "
            f"missing {sorted(industry_codes - set(forms))}, extra {sorted(set(forms) - industry_codes)}",
        )
        for k, v in forms.items():
            c.check(
                isinstance(v, list) and v and all(nonempty_str(x) for x in v) and len(set(v)) == len(v),
                f"names.json: forms for {k} must be distinct strings",
            )
    descs = data.get("job_description_templates_by_industry")
    if c.check(
        isinstance(descs, dict), "names.json: job_description_templates_by_industry must be an object"
    ):
        c.check(
            set(descs) == industry_codes,
            f"names.json: description industries differ from occupations.json: "
            f"missing {sorted(industry_codes - set(descs))}, extra {sorted(set(descs) - industry_codes)}",
        )
        for k, v in descs.items():
            if c.check(
                isinstance(v, list) and v and all(nonempty_str(x) for x in v),
                f"names.json: descriptions for {k} must be strings",
            ):
                for t in v:
                    f = placeholders(t)
                    c.check(
                        f <= DESCRIPTION_FIELDS and "occupation" in f,
                        f"names.json: description {t!r} uses fields outside {sorted(DESCRIPTION_FIELDS)}",
                    )
    return info


def main(argv: list[str]) -> int:
    data_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA_DIR
    c = Checker()
    occ_data = load(data_dir / "occupations.json", c)
    div_data = load(data_dir / "divisions.json", c)
    names_data = load(data_dir / "demo" / "names.json", c)

    occ = (
        check_occupations(occ_data, c)
        if occ_data is not None
        else {"industries": set(), "occupations": 0, "certificates": 0, "noc": {}}
    )
    div = check_divisions(div_data, c) if div_data is not None else {"count": 0, "levels": {}}
    names = check_names(names_data, c, occ["industries"]) if names_data is not None else {}

    print(
        f"occupations.json: {len(occ['industries'])} industries, {occ['occupations']} occupations, "
        f"{occ['certificates']} certificates, {len(occ['noc'])} noc codes"
    )
    for code, noc in sorted(occ["noc"].items(), key=lambda kv: kv[1]):
        print(f"  noc {noc}  {code}")
    levels = ", ".join(f"{n} {lvl}" for lvl, n in sorted(div["levels"].items(), key=lambda kv: str(kv[0])))
    print(f"divisions.json: {div['count']} divisions ({levels})")
    print("names.json: " + ", ".join(f"{k} {v}" for k, v in names.items()))
    for w in c.warnings:
        print(f"WARNING: {w}")
    if occ["occupations"]:
        asym = sum(1 for w in c.warnings if w.startswith("related not symmetric"))
        c.check(asym <= occ["occupations"] // 10, f"related links too asymmetric: {asym} one-way links")
    for e in c.errors:
        print(f"ERROR: {e}")
    if c.errors:
        print(f"FAILED: {len(c.errors)} violation(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
