"""Write assets/geo/aliases.csv (alias,code): the ways exports name each state.

The table keeps one spelling per normalised form (see normalise() below, which the Rust
side must apply the same way to both the alias and the value it looks up), so
"ESTADO DE MEXICO", "Estado de México" and "estado de mexico" are one row.

Sources, per kind of alias:
- INEGI's NOMGEO (the TopoJSON's `name`): "Coahuila de Zaragoza", "México",
  "Michoacán de Ocampo", "Veracruz de Ignacio de la Llave".
- Spellings in the real exports under shared/realdata/ (SESNSP incidence files, INEGI
  mortality query, RNPDNO tables, fosas data): "Distrito Federal", "ESTADO DE MEXICO",
  "COAHUILA", "VERACRUZ", ...; check.py keeps them as test vectors (REAL_SPELLINGS).
- The SESNSP/RENAPO two-letter codes of raw__code_ENTIDAD.csv (column ABREVIATURA:
  AS, BC, BS, CC, CL, ..., DF, ..., ZS).
- INEGI's abbreviations (AGEEML catalogue, NOM_ABR: "Ags.", "Tamps.", "Q. Roo", ...) and
  the upper-case forms in states.csv; ISO 3166-2:MX codes (AGU ... ZAC, CMX, and the
  former DIF), bare and with "MX-".
- Older official or common names: "Querétaro de Arteaga" (the name until 2008),
  "Veracruz-Llave", "Baja California Norte", "Estado de México", "Edomex",
  "Edo. de México", "Cd. de México", "CDMX"; English: "Mexico City", "State of Mexico",
  "Mexico State", "Federal District".

Usage: aliases.py TOPO.json OUT.csv
"""

import csv
import sys
import unicodedata

import topo


def normalise(s):
    """Lower case, accents stripped, dots dropped, any other character that is not a
    letter or digit read as a space, runs of spaces collapsed, ends trimmed:
    "Edo. de Méx." -> "edo de mex", "MX-CMX" -> "mx cmx", "D.F." -> "df"."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = s.replace(".", "")
    s = "".join(ch if ch.isalnum() else " " for ch in s)
    return " ".join(s.split())


# code -> aliases beyond the NOMGEO name (which is added from the TopoJSON).
ALIASES = {
    "01": ["Aguascalientes", "AGS", "AGU", "MX-AGU", "AS"],
    "02": ["Baja California", "Baja California Norte", "BC", "BCN", "MX-BCN"],
    "03": ["Baja California Sur", "BCS", "MX-BCS", "BS"],
    "04": ["Campeche", "CAMP", "CAM", "MX-CAM", "CC"],
    "05": ["Coahuila", "Coahuila de Zaragoza", "COAH", "COA", "MX-COA", "CL"],
    "06": ["Colima", "COL", "MX-COL", "CM"],
    "07": ["Chiapas", "CHIS", "CHPS", "CHP", "MX-CHP", "CS"],
    "08": ["Chihuahua", "CHIH", "CHH", "MX-CHH", "CH"],
    "09": ["Ciudad de México", "CDMX", "Cd. de México", "Cd. México", "Distrito Federal",
           "D.F.", "México, D.F.", "Mexico City", "Federal District", "CMX", "MX-CMX",
           "DIF", "MX-DIF"],
    "10": ["Durango", "DGO", "DUR", "MX-DUR", "DG"],
    "11": ["Guanajuato", "GTO", "GUA", "MX-GUA", "GT"],
    "12": ["Guerrero", "GRO", "MX-GRO", "GR"],
    "13": ["Hidalgo", "HGO", "HID", "MX-HID", "HG"],
    "14": ["Jalisco", "JAL", "MX-JAL", "JC"],
    "15": ["México", "Estado de México", "Edo. de México", "Edo. México", "Edo. Méx.",
           "Edomex", "State of Mexico", "Mexico State", "MEX", "MX-MEX", "MC"],
    "16": ["Michoacán", "Michoacán de Ocampo", "MICH", "MIC", "MX-MIC", "MN"],
    "17": ["Morelos", "MOR", "MX-MOR", "MS"],
    "18": ["Nayarit", "NAY", "MX-NAY", "NT"],
    "19": ["Nuevo León", "NL", "NLE", "MX-NLE"],
    "20": ["Oaxaca", "OAX", "MX-OAX", "OC"],
    "21": ["Puebla", "PUE", "MX-PUE", "PL"],
    "22": ["Querétaro", "Querétaro de Arteaga", "QRO", "QUE", "MX-QUE", "QT"],
    "23": ["Quintana Roo", "QROO", "Q. Roo", "ROO", "MX-ROO", "QR"],
    "24": ["San Luis Potosí", "SLP", "MX-SLP", "SP"],
    "25": ["Sinaloa", "SIN", "MX-SIN", "SL"],
    "26": ["Sonora", "SON", "MX-SON", "SR"],
    "27": ["Tabasco", "TAB", "MX-TAB", "TC"],
    "28": ["Tamaulipas", "TAMPS", "TAMS", "TAM", "MX-TAM", "TS"],
    "29": ["Tlaxcala", "TLAX", "TLA", "MX-TLA", "TL"],
    "30": ["Veracruz", "Veracruz de Ignacio de la Llave", "Veracruz-Llave", "VER", "MX-VER",
           "VZ"],
    "31": ["Yucatán", "YUC", "MX-YUC", "YN"],
    "32": ["Zacatecas", "ZAC", "MX-ZAC", "ZS"],
}


def build(nomgeo):
    """[(alias, code)], one per normalised form, sorted by code then normalised alias."""
    seen = {}
    rows = []
    for code in sorted(ALIASES):
        for alias in [nomgeo[code]] + ALIASES[code]:
            key = normalise(alias)
            if key in seen:
                if seen[key] != code:
                    sys.exit(f"aliases.py: {alias!r} names {seen[key]} and {code}")
                continue
            seen[key] = code
            rows.append((code, key, alias))
    rows.sort()
    return [(alias, code) for code, _, alias in rows]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    t = topo.load(sys.argv[1])
    nomgeo = {g["properties"]["code"]: g["properties"]["name"]
              for g in t["objects"]["states"]["geometries"]}
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["alias", "code"])
        w.writerows(build(nomgeo))


if __name__ == "__main__":
    main()
