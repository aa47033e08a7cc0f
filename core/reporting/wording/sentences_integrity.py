"""The integrity conditions' evidence and the KPT campaigns' notes, in English and Spanish.

Exactly what core/mrv/integrity.py and core/mrv/methods/kpt_evidence.py write; a condition's
evidence is several of these joined by "; " or ", ", each catalogued on its own.
"""

# key: (English, Spanish)
INTEGRITY: dict[str, tuple[str, str]] = {
    "fnrb.segment": (
        "{first}..{last}: fNRB {value} ({basis}; area {area}; vintage {vintage}; valid until "
        "{until}; source: {source})",
        "{first}..{last}: fNRB {value} ({basis}; área {area}; año de referencia {vintage}; "
        "válida hasta {until}; fuente: {source})",
    ),
    "fnrb.stale": (
        "used after its valid_until because: {reason}",
        "usada después de su valid_until porque: {reason}",
    ),
    "fnrb.rule": (
        "only MoFuSS, or the CDM default 0.3 until a stated date, passes",
        "solo cumple MoFuSS, o el valor por defecto del MDL 0.3 hasta una fecha indicada",
    ),
    "fuel.kpt": (
        "measured by kitchen performance tests: {campaigns}",
        "medido con pruebas de desempeño en cocina (KPT): {campaigns}",
    ),
    "fuel.refused": ("refused: {problem}", "rechazadas: {problem}"),
    "fuel.unusable": (
        "the KPT cross-check is unusable: {problem}",
        "la verificación cruzada con KPT no es utilizable: {problem}",
    ),
    "fuel.no_check": (
        "efficiency-ratio defaults without a KPT cross-check ([kpt] campaigns)",
        "valores por defecto de la razón de eficiencias sin verificación cruzada con KPT "
        "(campañas [kpt])",
    ),
    "fuel.checked": (
        "efficiency-ratio defaults ({default} kg / stove-day) cross-checked by KPT {campaigns}: "
        "measured saving {measured} kg / stove-day",
        "valores por defecto de la razón de eficiencias ({default} kg / día-cocina) verificados "
        "con KPT {campaigns}: ahorro medido {measured} kg / día-cocina",
    ),
    "fuel.too_old": (
        "the campaign ended before {oldest}",
        "la campaña terminó antes del {oldest}",
    ),
    "fuel.campaign": (
        "{campaign} ({phase}, {households} households, {first}..{last})",
        "{campaign} ({phase}, {households} hogares, {first}..{last})",
    ),
    "baseline.none": (
        "no KPT baseline campaign and no [baseline] assessed_on in the parameters file",
        "ninguna campaña KPT de línea base y ningún [baseline] assessed_on en el archivo de "
        "parámetros",
    ),
    "baseline.last": (
        "last baseline assessment {day}: {what}; it must be on or after {oldest}",
        "última evaluación de la línea base {day}: {what}; debe ser del {oldest} o posterior",
    ),
    "baseline.kpt": ("KPT baseline campaign {campaign}", "campaña KPT de línea base {campaign}"),
    "baseline.assessment": ("assessment ({source})", "evaluación ({source})"),
    "life": (
        "no stove-day after a stove's technical life of {years} years ({source}) is credited: "
        "its stove-days end the day before that anniversary of its installation",
        "no se acredita ningún día-cocina después de la vida útil de {years} años de la cocina "
        "({source}): sus días-cocina terminan el día anterior a ese aniversario de su instalación",
    ),
    "transport.none": (
        "no [transport_emissions] statement in the parameters file",
        "ninguna declaración [transport_emissions] en el archivo de parámetros",
    ),
    "transport.negligible": ("negligible: {reason}", "despreciables: {reason}"),
    "transport.deducted": (
        "{rate} tCO2e per stove-year ({source}) deducted from the ER: {total} tCO2e in the period",
        "{rate} tCO2e por cocina-año ({source}) descontadas de la RE: {total} tCO2e en el periodo",
    ),
    "overlap.none": (
        "no overlap list imported (qoncha overlap import)",
        "no se importó ninguna lista de superposición (qoncha overlap import)",
    ),
    "overlap.imported": (
        "overlap list last imported {day}",
        "lista de superposición importada por última vez el {day}",
    ),
    "overlap.counts": (
        "{claims} claims on {stoves} stoves touch the period: {excluded} stove-days excluded, "
        "{discounted} discounted, {removed} removed in all",
        "{claims} reclamos sobre {stoves} cocinas tocan el periodo: {excluded} días-cocina "
        "excluidos, {discounted} descontados, {removed} retirados en total",
    ),
    "overlap.early": (
        "imported before the period ended on {end}",
        "importada antes de que terminara el periodo el {end}",
    ),
    "charcoal.kpt": (
        "charcoal weighed by KPT counts 4 kg of wood per kg (4:1)",
        "el carbón pesado en las KPT cuenta 4 kg de leña por kg (4:1)",
    ),
    "charcoal.none": (
        "no charcoal in the fuel measured or configured",
        "no hay carbón en el combustible medido ni configurado",
    ),
    "charcoal.direct": (
        "direct emission factor: NCV {ncv} TJ/t, EF {ef} tCO2/TJ ({source})",
        "factor de emisión directo: PCN {ncv} TJ/t, FE {ef} tCO2/TJ ({source})",
    ),
    "charcoal.ratio": (
        "{ratio} kg of wood per kg of charcoal ({source}); ICVCM: 4:1 or a direct factor",
        "{ratio} kg de leña por kg de carbón ({source}); ICVCM: 4:1 o un factor directo",
    ),
    "kpt.implausible": (
        "KPT {phase} campaign {campaign}: {n} weighed day(s) above max_kg_per_day {limit} kg "
        "(first: {household} on {day}); campaign not credited",
        "campaña KPT de {phase} {campaign}: {n} día(s) pesado(s) por encima de max_kg_per_day "
        "{limit} kg (el primero: {household} el {day}); la campaña no se acredita",
    ),
    "kpt.few_households": (
        "KPT {phase} campaign {campaign}: {n} household(s) weighed on at least {days} days, "
        "fewer than min_households {limit}; no KPT savings credited",
        "campaña KPT de {phase} {campaign}: {n} hogar(es) pesado(s) al menos {days} días, menos "
        "que min_households {limit}; no se acredita ahorro KPT",
    ),
    "kpt.too_old": (
        "KPT {phase} campaign {campaign} ended {day}, more than {limit} years ({name}) before "
        "the period's end {end}: not credited for the whole period",
        "la campaña KPT de {phase} {campaign} terminó el {day}, más de {limit} años ({name}) "
        "antes del fin del periodo {end}: no se acredita para todo el periodo",
    ),
    "kpt.left_out": (
        "KPT {phase} campaign {campaign}: left out with too few measured days: {names}",
        "campaña KPT de {phase} {campaign}: excluidos por tener muy pocos días medidos: {names}",
    ),
    "kpt.outliers_only": (
        "KPT {phase} campaign {campaign}: more than 3 SD from the mean (kept): {names}",
        "campaña KPT de {phase} {campaign}: a más de 3 DE de la media (se mantienen): {names}",
    ),
    "kpt.outliers": (
        "more than 3 SD from the mean (kept): {names}",
        "a más de 3 DE de la media (se mantienen): {names}",
    ),
    "kpt.limits": (
        "KPT limits other than mrv.md's defaults: {names} (source: {source})",
        "límites KPT distintos de los valores por defecto de mrv.md: {names} (fuente: {source})",
    ),
    "kpt.negative": (
        "KPT: project consumption {project} kg/day is above the baseline {baseline} kg/day; "
        "the measured saving is negative ({saving} kg/day), so 0 is credited",
        "KPT: el consumo del proyecto {project} kg/día supera la línea base {baseline} kg/día; "
        "el ahorro medido es negativo ({saving} kg/día), por eso se acredita 0",
    ),
}

INTEGRITY_TERMS: dict[str, tuple[str, str]] = {
    "efficiency-ratio defaults": (
        "efficiency-ratio defaults",
        "valores por defecto de la razón de eficiencias",
    ),
    "none usable": ("none usable", "ninguna utilizable"),
    "below the default's": ("below the default's", "por debajo del valor por defecto"),
    "at least the default's": ("at least the default's", "al menos el valor por defecto"),
    "MoFuSS": ("MoFuSS", "MoFuSS"),
    "CDM default": ("CDM default", "valor por defecto del MDL"),
}
