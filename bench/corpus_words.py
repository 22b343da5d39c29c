"""Vocabulary and sentence templates for the benchmark corpus (``bench/corpus.py``).

Real outlets, places and armed groups, each with the names English and Spanish
coverage uses for them, plus sentence templates with ``{slots}``. Some names
are deliberately missing from the project's reference data (small towns,
local cells, unnamed victims), as in real coverage.
"""

from __future__ import annotations

# (publisher, language, url host)
OUTLETS = [
    ("Mexico News Daily", "en", "mexiconewsdaily.com"), ("Border Report", "en", "borderreport.com"),
    ("InSight Crime", "en", "insightcrime.org"), ("El Paso Times", "en", "elpasotimes.com"),
    ("Associated Press", "en", "apnews.com"), ("Reuters", "en", "reuters.com"),
    ("San Diego Union-Tribune", "en", "sandiegouniontribune.com"),
    ("El Universal", "es", "eluniversal.com.mx"), ("Milenio", "es", "milenio.com"),
    ("Proceso", "es", "proceso.com.mx"), ("La Jornada", "es", "jornada.com.mx"),
    ("Ríodoce", "es", "riodoce.mx"), ("Zeta Tijuana", "es", "zetatijuana.com"),
    ("El Debate", "es", "debate.com.mx"), ("Noroeste", "es", "noroeste.com.mx"),
    ("Animal Político", "es", "animalpolitico.com"),
]  # fmt: skip

# (town, state in English, state in Spanish, state abbreviation for datelines)
PLACES = [
    ("Culiacán", "Sinaloa", "Sinaloa", "Sin."), ("Mazatlán", "Sinaloa", "Sinaloa", "Sin."),
    ("Navolato", "Sinaloa", "Sinaloa", "Sin."), ("Uruapan", "Michoacán", "Michoacán", "Mich."),
    ("Apatzingán", "Michoacán", "Michoacán", "Mich."), ("Zamora", "Michoacán", "Michoacán", "Mich."),
    ("Aguililla", "Michoacán", "Michoacán", "Mich."), ("Celaya", "Guanajuato", "Guanajuato", "Gto."),
    ("Irapuato", "Guanajuato", "Guanajuato", "Gto."), ("Salamanca", "Guanajuato", "Guanajuato", "Gto."),
    ("León", "Guanajuato", "Guanajuato", "Gto."), ("Tijuana", "Baja California", "Baja California", "B.C."),
    ("Mexicali", "Baja California", "Baja California", "B.C."),
    ("Ciudad Juárez", "Chihuahua", "Chihuahua", "Chih."), ("Guadalupe y Calvo", "Chihuahua", "Chihuahua", "Chih."),
    ("Reynosa", "Tamaulipas", "Tamaulipas", "Tamps."), ("Nuevo Laredo", "Tamaulipas", "Tamaulipas", "Tamps."),
    ("Matamoros", "Tamaulipas", "Tamaulipas", "Tamps."), ("Acapulco", "Guerrero", "Guerrero", "Gro."),
    ("Chilpancingo", "Guerrero", "Guerrero", "Gro."), ("Iguala", "Guerrero", "Guerrero", "Gro."),
    ("Guadalajara", "Jalisco", "Jalisco", "Jal."), ("Tlaquepaque", "Jalisco", "Jalisco", "Jal."),
    ("Lagos de Moreno", "Jalisco", "Jalisco", "Jal."), ("Fresnillo", "Zacatecas", "Zacatecas", "Zac."),
    ("Jerez", "Zacatecas", "Zacatecas", "Zac."), ("Caborca", "Sonora", "Sonora", "Son."),
    ("Cajeme", "Sonora", "Sonora", "Son."), ("Cuernavaca", "Morelos", "Morelos", "Mor."),
    ("Cancún", "Quintana Roo", "Quintana Roo", "Q.R."), ("Tulum", "Quintana Roo", "Quintana Roo", "Q.R."),
    ("Coatzacoalcos", "Veracruz", "Veracruz", "Ver."), ("Poza Rica", "Veracruz", "Veracruz", "Ver."),
    ("Monterrey", "Nuevo León", "Nuevo León", "N.L."), ("Manzanillo", "Colima", "Colima", "Col."),
    ("Ecatepec", "State of Mexico", "Estado de México", "Edomex."),
    ("Frontera Comalapa", "Chiapas", "Chiapas", "Chis."), ("Tepalcatepec", "Michoacán", "Michoacán", "Mich."),
]  # fmt: skip

# Armed groups: (English names, Spanish names, weight). CJNG is the most reported.
GROUPS = [
    (["the Jalisco New Generation Cartel", "the CJNG", "the Jalisco Cartel"],
     ["el Cártel Jalisco Nueva Generación", "el CJNG", "el Cártel de las Cuatro Letras"], 8),
    (["the Sinaloa Cartel", "the Sinaloa Federation"], ["el Cártel de Sinaloa", "la Federación de Sinaloa"], 6),
    (["Los Chapitos"], ["Los Chapitos"], 3), (["La Mayiza"], ["La Mayiza"], 2),
    (["the Santa Rosa de Lima Cartel"], ["el Cártel de Santa Rosa de Lima"], 2),
    (["La Familia Michoacana"], ["La Familia Michoacana"], 2), (["Cárteles Unidos"], ["Cárteles Unidos"], 2),
    (["the Gulf Cartel"], ["el Cártel del Golfo"], 2), (["the Cártel del Noreste"], ["el Cártel del Noreste"], 2),
    (["Guerreros Unidos"], ["Guerreros Unidos"], 1), (["Los Viagras"], ["Los Viagras"], 1),
    (["La Línea"], ["La Línea"], 1), (["Los Ardillos"], ["Los Ardillos"], 1),
    (["a local cell known as Los Cabrera"], ["una célula conocida como Los Cabrera"], 1),
]  # fmt: skip

PERPETRATORS_GENERIC = (["gunmen", "armed men", "a group of hitmen"], ["hombres armados", "sicarios", "un comando armado"])

# (English plural, English singular, Spanish plural, Spanish singular)
VICTIMS = [
    ("police officers", "police officer", "policías", "policía"),
    ("municipal police officers", "municipal police officer", "policías municipales", "policía municipal"),
    ("soldiers", "soldier", "militares", "militar"), ("National Guard members", "National Guard member",
                                                     "elementos de la Guardia Nacional", "elemento de la Guardia Nacional"),
    ("people", "person", "personas", "persona"), ("civilians", "civilian", "civiles", "civil"),
    ("young men", "young man", "jóvenes", "joven"), ("members of one family", "family member",
                                                     "integrantes de una familia", "integrante de una familia"),
]  # fmt: skip

NUMBERS_EN = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
NUMBERS_ES = ["un", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce"]
QUALIFIERS_EN = ["", "", "at least ", "more than ", "about "]
QUALIFIERS_ES = ["", "", "al menos ", "más de ", "alrededor de "]

MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]  # fmt: skip
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
             "octubre", "noviembre", "diciembre"]  # fmt: skip
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_ES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]

# Lead sentences: {when} a date expression, {perp} the perpetrator, {killed}/{injured} counts with nouns.
LEADS = {
    "en": [
        "{Perp} killed {killed} in an attack in {town}, {state}, {when}, authorities said.",
        "{Killed_cap} were shot dead {when} in {town}, in the state of {state}, in an attack blamed on {perp}.",
        "At least {n_killed} people died and {injured} were wounded {when} when {perp} opened fire on a "
        "checkpoint in {town}, {state}.",
        "{Perp} ambushed a convoy {when} near {town}, {state}, killing {killed} and wounding {injured}.",
        "Authorities found the bodies of {killed} {when} in {town}, {state}, a city disputed by {perp} and "
        "{rival}.",
        "{Abducted_cap} were abducted {when} in {town}, {state}, and their relatives blame {perp}.",
    ],
    "es": [
        "{Perp} asesinó a {killed} {when} en {town}, {state}, informaron las autoridades.",
        "{Killed_cap} fueron asesinados a balazos {when} en {town}, {state}, en un ataque atribuido a {perp}.",
        "Al menos {n_killed} personas murieron y {injured} resultaron heridas {when} cuando {perp} atacó un "
        "retén en {town}, {state}.",
        "{Perp} emboscó a un convoy {when} cerca de {town}, {state}; murieron {killed} y {injured} "
        "resultaron heridos.",
        "Las autoridades localizaron los cuerpos de {killed} {when} en {town}, {state}, plaza que se "
        "disputan {perp} y {rival}.",
        "{Abducted_cap} fueron privados de la libertad {when} en {town}, {state}; sus familiares culpan a {perp}.",
    ],
}

DETAILS = {
    "en": [
        "The attack began shortly after {hour} p.m., when several vehicles blocked the road.",
        "Witnesses said the gunmen fired more than {shots} rounds before fleeing toward the hills.",
        "The state prosecutor's office said {injured} were taken to a hospital in {town}.",
        "Soldiers and National Guard members were deployed to the area {after}.",
        "Local media reported that the victims had received threats {before}.",
        "No arrests had been made by {deadline}, the prosecutor's office said.",
    ],
    "es": [
        "El ataque comenzó poco después de las {hour} de la tarde, cuando varios vehículos bloquearon el camino.",
        "Testigos dijeron que los agresores dispararon más de {shots} veces antes de huir hacia la sierra.",
        "La fiscalía estatal informó que {injured} fueron trasladados a un hospital de {town}.",
        "Militares y elementos de la Guardia Nacional fueron desplegados en la zona {after}.",
        "Medios locales informaron que las víctimas habían recibido amenazas {before}.",
        "Hasta {deadline} no se había detenido a nadie, informó la fiscalía.",
    ],
}

QUOTES = {
    "en": [
        '"We will not allow criminal groups to terrorize the population," the governor of {state} said {said}.',
        '"This is a war between two groups for control of the region," a security analyst told reporters {said}.',
        "President {president} said {said} that violence in {state} was falling, a claim local residents dispute.",
    ],
    "es": [
        '"No vamos a permitir que los grupos criminales aterroricen a la población", dijo {said} el gobernador de '
        "{state}.",
        '"Es una guerra entre dos grupos por el control de la región", dijo {said} un analista de seguridad.',
        "El presidente {president} aseguró {said} que la violencia en {state} va a la baja, algo que los "
        "habitantes cuestionan.",
    ],
}

BACKGROUND = {
    "en": [
        "In {month_year}, {perp} attacked {town} and killed {n_past} people.",
        "Violence in {state} has risen since {since_year}, when {perp} began fighting {rival} for the area.",
        "More than {stat} homicides were recorded in {state} in {stat_year}, according to official figures.",
        "Between {range_a} and {range_b}, at least {n_past} police officers were killed in the state.",
        "{Perp} has been blamed for a string of attacks in the region over the past {n_years} years.",
        "Two years ago, a similar ambush left {n_past} soldiers dead on the same highway.",
    ],
    "es": [
        "En {month_year}, {perp} atacó {town} y asesinó a {n_past} personas.",
        "La violencia en {state} ha aumentado desde {since_year}, cuando {perp} comenzó a disputar la zona a "
        "{rival}.",
        "En {stat_year} se registraron más de {stat} homicidios en {state}, según cifras oficiales.",
        "Entre {range_a} y {range_b}, al menos {n_past} policías fueron asesinados en el estado.",
        "A {perp} se le atribuye una serie de ataques en la región durante los últimos {n_years} años.",
        "Hace dos años, una emboscada similar dejó {n_past} militares muertos en la misma carretera.",
    ],
}

FOLLOW_UPS = {
    "en": [
        "Relatives of the victims marched through {town} {said} to demand justice.",
        "The federal government said it would send {n_troops} more troops to {state}.",
        "Schools in {town} stayed closed {after} as residents feared new attacks.",
    ],
    "es": [
        "Familiares de las víctimas marcharon {said} por las calles de {town} para exigir justicia.",
        "El gobierno federal anunció el envío de {n_troops} elementos más a {state}.",
        "Las escuelas de {town} permanecieron cerradas {after} por temor a nuevos ataques.",
    ],
}

FURNITURE = {
    "en": ["Advertisement", "Read more: Violence in Mexico, explained", "Sponsored", "Share this:"],
    "es": ["Publicidad", "Te puede interesar: Las cifras de la violencia", "Síguenos en Twitter", "Compartir"],
}

PRESIDENTS = [(2006, "Felipe Calderón"), (2012, "Enrique Peña Nieto"), (2018, "Andrés Manuel López Obrador"),
              (2024, "Claudia Sheinbaum")]  # fmt: skip
