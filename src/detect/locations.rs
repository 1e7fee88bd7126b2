//! Detector `locations`: street addresses, ZIP codes, cities, towns and counties, other
//! places smaller than a state, and named facilities (hospitals, clinics, schools,
//! employers, churches).
//!
//! **Why PHI**: Safe Harbor identifier 2 is every geographic subdivision smaller than a
//! state (street address, city, county, precinct, ZIP code). In consultation notes the
//! school, employer, church or clinic of a client locates them as precisely as a town does,
//! so named facilities are removed too. US state names and abbreviations are *kept*: Safe
//! Harbor allows them, and "NM" in "Joshuaville, NM 87001" stays readable.
//!
//! **What it finds**, in one walk over the tokens (no regex: the token classes, case and
//! dictionary entries computed by the segmenter are enough, so nothing is re-scanned):
//! - [`Kind::Address`]: house number + optional direction + street name + USPS suffix, with
//!   an optional unit ("4931 Hamilton Rd, Apt 2", "12 North Elm Street", "1600 W. Main St.
//!   Suite 200", "18 Quince Street, #2R", "1187 QUARRY HILL LN"); highway forms ("12 State
//!   Highway 9", "1400 Hwy X38", "2250 County Road F-62"); "PO Box 123", "P.O. Box 12",
//!   "Rural Route 2 Box 7", "HC 1 Box 5"; US military addresses ("PSC 0413, Box 8144",
//!   "Unit 4719 Box 7394", "APO AA 42323"); a unit alone ("Apt 2B", "Suite 200", "Room
//!   512-B"); cheap international forms ("Koskikatu 25", "Berliner Straße 12", "Via Roma
//!   12", "5 rue de Rivoli").
//! - [`Kind::Zip`]: five digits or ZIP+4 after a state ("NM 87001", "Illinois 62701-1234"),
//!   after the city that follows an address, or after a label ("zip code: 87001",
//!   "postal code K1A 0B1", and another country's "ZIP: 3520").
//! - [`Kind::City`]: places in the GeoNames lists (US towns, world cities of 15,000+),
//!   one to four words ("San Francisco", "Winston-Salem", "St. Louis"); any capitalised
//!   word(s) right before ", ST" or ", State" ("Joshuaville, NM"), or after an address
//!   ("818 W. Larch St, Bellmont"); the object of a place cue ("lives in", "moved to/from",
//!   "grew up in", "born in", "resident of", "outside of", "X native"); in a line without
//!   case, a listed town before a state's code that is no word ("mcpherson ks"); counties
//!   ("Linden County", "Acadia Parish").
//! - [`Kind::Location`]: countries (the COUNTRY list, except the United States), street
//!   names without a number ("on Fenwick Avenue", "the Elm Street Walmart", "Route 9"),
//!   neighbourhoods and similar units named with a cue word ("the Eastwood neighborhood",
//!   "Oak Grove Apartments", "Pine Ridge Reservation"); military units by their numbers
//!   ("Charlie Co., 3rd Bn, 41st Infantry Regiment").
//! - [`Kind::Facility`]: a capitalised run ending in a facility head noun
//!   (`dictionaries/cues/facility_heads.txt` plus the business words in [`EXTRA_HEADS`]):
//!   "St. Mary's Medical Center", "Lincoln High School", "Riverside Elementary", "First
//!   Baptist Church", "Mercy Hospital", "Acme Corp", "University of New Mexico"; and the
//!   object of an employer/school/admission cue ("works at Walmart", "employed by X",
//!   "attends X", "transferred to X", "admitted to X", "member of X"); a letterhead in
//!   capitals ("PRAIRIE LANTERN HOSPICE — BEREAVEMENT PROGRAM"); a union local, a veterans'
//!   post or a lodge by its number ("Teamsters Local 1190", "American Legion Post 212").
//!
//! **How ambiguous place names are decided** ("Hope", "Mary", "Independence", "Normal",
//! "Commerce", "Eden", "Jackson", "Lincoln"): a listed place with no cue is taken only when
//! it is capitalised in mixed-case text and the dictionaries say the place outweighs the
//! other readings: its commonness as a lower-case word (SCOWL level) is low for its
//! population, and it is not a first name or surname about as frequent as the place is
//! populous. It is not taken after a title or a kinship word ("Dr. Austin", "son Dallas"),
//! before a speech verb when it is also a name ("Austin said"), inside a person's name
//! ("Carol Beaumont", "Paris Hilton"), before a clinical head ("Lyme disease") or inside an
//! instrument name ("Edinburgh Postnatal Depression Scale"). A sentence-initial capital is
//! weak evidence, and CASELESS words (ALL CAPS lines, lower-case lines) carry none: both need
//! a stronger place (no common-word reading, 20,000 people or more, a clear margin over the
//! name reading) or a cue. A cue ("lives in Hope", "moved to Jackson") or a following ", ST"
//! decides for the place. A capitalised neighbour does not block a place: a person's name
//! around it is found whole by `names` and the resolver keeps the longer span, and an
//! organisation named after a city ("Boston Marathon") is redacted with it, which leaks
//! nothing.
//!
//! Facilities need at least one proper word in the run: generic modifiers ([`GENERIC`]:
//! "Emergency", "Community", "Mental", "High"...) do not count, so "Emergency Department",
//! "the Community Mental Health Center" and "High School" stay, and lower-case "the
//! hospital" or "high school" is never a facility.
//!
//! **Example**: "Discharged to 45 Tamarack Circle, Joshuaville, NM 87001; PCP at Joshuaville
//! Family Health." gives `45 Tamarack Circle` (ADDRESS), `Joshuaville` (CITY), `87001`
//! (ZIP) and `Joshuaville Family Health` (FACILITY); "NM" stays.
//!
//! **Options**: none of its own. The user's `--deny-list` and `--allow-list` override it, and
//! the `clinical` detector protects instruments and eponyms it might overlap.
//!
//! **Priorities**: address and ZIP 180, facility 160, city and location 120 (the resolver
//! keeps the longest of overlapping spans, then the higher priority).
//!
//! **Performance**: one walk over the tokens; each word is first tested on its dictionary
//! flags, case and length, so most lower-case words of running text cost a few compares.
//! Phrase look-ups in the lexicon (the only costly step) run only for capitalised runs that
//! can be a multi-word place, with one reused key buffer; nothing allocates per token and no
//! regex runs.
//!
//! **Known false positives**: Title Case organisation names that end in a head noun but are
//! not places ("White House", "Open House"); bare street names used figuratively ("Wall
//! Street", "Sesame Street"); organisations and teams named after a city ("Denver Broncos"
//! loses "Denver"); a capitalised listed city used as a surname in mixed-case text without
//! any person context.
//!
//! **Known gaps**: places and facilities written in lower case without a cue ("last hosp
//! cedar hollow"), facilities whose head noun is not a known head and that have no cue
//! ("kessler & sons roofing" in lower case), a one-word town that is a common word in a
//! CASELESS line even after a cue ("LIVES IN HOPE"; one of two words after a place cue is
//! found, "in mason city", and so is one that is a name but no word after "in" or "near":
//! "the walmart in spencer"), and non-US address layouts beyond the cheap forms above.

use super::wordset::WordSet;
use super::{Detector, Note};
use crate::lexicon::{bits, normalize_into, Entry};
use crate::segment::{Case, Class, Token, CASELESS, SENT_START};
use crate::span::{Candidate, Kind};

/// Registry name.
const NAME: &str = "locations";
/// Priority of street addresses.
pub const P_ADDRESS: u8 = 180;
/// Priority of ZIP codes.
pub const P_ZIP: u8 = 180;
/// Priority of named facilities.
pub const P_FACILITY: u8 = 160;
/// Priority of cities, counties, countries and other places.
pub const P_PLACE: u8 = 120;

/// Dictionary flags of a place name.
const PLACE_FLAGS: u64 = bits::US_CITY | bits::WORLD_CITY | bits::COUNTRY | bits::US_STATE | bits::US_COUNTY;
/// Words that never start or continue a place name.
const PLACE_BLOCK: u64 = bits::STOPWORD | bits::TITLE | bits::PERSON_CUE | bits::MONTH | bits::WEEKDAY;

/// Generic modifiers and nouns of facility names: they never make a run a *named*
/// facility on their own ("Community Mental Health Center", "Emergency Department").
#[rustfmt::skip]
pub const GENERIC: &[&str] = &[
    "aa", "acute", "addiction", "al-anon", "alateen", "adolescent", "adolescents", "adult", "adults", "advocacy",
    "aid", "alcohol", "alternative", "ambulatory", "area", "arts", "assisted", "autism", "behavioral",
    "behavioural", "birthing", "boarding", "boot", "boys", "branch", "burn", "business", "campus", "cancer",
    "cardiac", "care", "career", "center", "central", "centre", "charity", "charter", "child", "childrens",
    "children", "christian", "city", "civic", "clinic", "clinical", "college", "community", "comprehensive",
    "correctional", "counseling", "counselling", "county", "crisis", "critical", "day", "daycare", "delivery",
    "dental", "department", "dept", "detention", "detox", "developmental", "dialysis", "disabilities", "disability",
    "disorder", "disorders", "district", "domestic", "downtown", "drug", "east", "eastern", "eating", "ed",
    "education", "educational", "elder", "elderly", "elementary", "emergency", "employment", "er", "eye", "faith",
    "family", "federal", "fire", "first", "food", "foster", "free", "funeral", "general", "geriatric", "girls",
    "government", "grad", "graduate", "greater", "group", "halfway", "health", "healthcare", "heart", "high",
    "home", "homeless", "homes", "hospital", "house", "housing", "human", "icu", "imaging", "immediate",
    "immigration", "independent", "infusion", "inpatient", "integrated", "intensive", "intermediate", "internal",
    "job", "junior", "juvenile", "kidney", "lab", "laboratory", "labor", "law", "learning", "legal", "living",
    "local", "long-term", "lower", "main", "maternity", "medical", "medicine", "memory", "men", "mens", "mental",
    "metro", "middle", "oa", "smart", "military", "mobile", "mood", "multispecialty", "municipal", "national",
    "nearby", "neighborhood", "new", "night", "north", "northern", "nursing", "occupational", "old", "oncology",
    "outpatient", "pain", "parole", "partial", "pediatric", "pediatrics", "physical", "police", "post", "primary",
    "prison", "private", "probation", "program", "protective", "psych", "psychiatric", "psychiatry",
    "psychological", "psychology", "public", "radiology", "recovery", "refugee", "regional", "rehab",
    "rehabilitation", "research", "residential", "resource", "resources", "respiratory", "retirement", "roman",
    "rural", "safe", "safety", "school", "second", "secondary", "senior", "seniors", "service", "services",
    "sheriff", "sheriffs", "skilled", "sleep", "sober", "social", "south", "southern", "special", "specialty",
    "speech", "sports", "state", "step-down", "stroke", "student", "students", "sub-acute", "subacute", "substance",
    "suburban", "summer", "support", "supportive", "surgery", "surgical", "teen", "third", "training", "transitional", "trauma",
    "treatment", "unit", "united", "university", "upper", "urban", "urgent", "va", "veteran", "veterans", "victim",
    "victims", "vet", "vets", "violence", "vision", "vocational", "walk-in", "ward", "weekend", "welfare",
    "wellness", "west", "western", "wing", "women", "womens", "youth",
];

/// Religious denominations: "the Catholic Church" is generic, "First Baptist Church" is not.
#[rustfmt::skip]
pub const DENOMINATIONS: &[&str] = &[
    "adventist", "african", "amish", "anglican", "apostolic", "assembly", "baptist", "bible", "buddhist", "catholic",
    "christian", "congregational", "episcopal", "episcopalian", "evangelical", "gospel", "greek", "hindu", "holiness",
    "holy", "islamic", "jewish", "lds", "lutheran", "mennonite", "methodist", "mormon", "muslim", "nazarene",
    "orthodox", "pentecostal", "presbyterian", "quaker", "reformed", "sikh", "unitarian",
];

/// Head nouns of businesses and services that the shared cue list does not carry
/// ("Corliss Freight", "Quillfeather Software", "Northgate Pediatrics").
#[rustfmt::skip]
pub const EXTRA_HEADS: &[&str] = &[
    "apothecary", "bakery", "cardiology", "cemetery", "cmh", "collaborative", "collective", "commons", "construction",
    "consulting", "counseling", "dairy", "daycare", "dental", "dermatology", "electric", "enterprises", "farms",
    "financial", "freight", "gmbh", "grill", "industries", "insurance", "kindergarten", "laboratories", "labs",
    "living", "llp", "logistics", "ltd", "manufacturing", "marine", "medicine", "mills", "motors", "neuropsychiatry",
    "neuropsychology", "orthopedics", "otp", "pagoda", "pantry", "pd", "pediatrics", "plastics", "pllc", "plumbing",
    "practice", "preschool", "psychiatry", "realty", "roofing", "salon", "sanitarium", "seminary", "software",
    "solutions", "spa", "storage", "systems", "technologies", "therapy", "transport", "trucking", "union", "warehouse",
    "wellness",
];

/// Words that end a facility's name only after one of its heads: "Wake County Public School
/// System", "Pima County Adult Detention Complex", "Eastside Community Services Board" (a
/// "complex" or a "system" after a proper word alone is as often clinical: "Oedipus Complex").
const AFTER_HEADS: &[&str] = &["authority", "board", "complex", "district", "division", "network", "system"];

/// Acronyms among the heads that name an agency of a town: only after a place's name
/// ("Kettering PD"; not "Borderline PD", a personality disorder).
const TOWN_AGENCIES: &[&str] = &["pd"];

/// Heads that are clinical specialties: with only medical words before them they name a
/// department or a service, not a place ("Perinatal Psychiatry").
#[rustfmt::skip]
const SPECIALTY_HEADS: &[&str] = &[
    "psychiatry", "pediatrics", "cardiology", "dermatology", "orthopedics", "medicine", "therapy", "counseling",
    "neuropsychology", "neuropsychiatry", "wellness",
];

/// Heads that make a named facility with any proper word before them. Every other head
/// (shared list or [`EXTRA_HEADS`]) needs a strong proper word ("Acme Group", not
/// "Seeking Safety Group") unless a generic word sits right before it ("Nursing Home").
#[rustfmt::skip]
pub const STRONG_HEADS: &[&str] = &[
    "academy", "agency", "airport", "bakery", "bank", "cardiology", "cathedral", "center", "centers", "centre",
    "chapel", "church", "clinic", "clinics", "co", "college", "construction", "consulting", "corp", "corporation",
    "correctional", "courthouse", "daycare", "dental", "dermatology", "detention", "electric", "elementary",
    "enterprises", "facility", "foundation", "freight", "gmbh", "healthcare", "high", "hospice", "hospital",
    "hospitals", "hotel", "inc", "industries", "infirmary", "inn", "institute", "insurance", "jail", "kindergarten",
    "laboratories", "labs", "library", "llc", "logistics", "ltd", "manor", "manufacturing", "marine", "middle",
    "ministries", "ministry", "mosque", "motel", "motors", "museum", "orthopedics", "pagoda", "parish", "pediatrics",
    "penitentiary", "pharmacy", "plastics", "plumbing", "preschool", "prison", "realty", "rehab", "rehabilitation",
    "roofing", "salon", "sanatorium", "sanitarium", "school", "schools", "seminary", "shelter", "software",
    "synagogue", "technologies", "temple", "transport", "trucking", "university", "warehouse", "ymca", "ywca",
];

/// Heads that do not make a line of capitals a letterhead: the line is the heading of a
/// group or a programme ("SEEKING SAFETY GROUP", "DIALECTICAL BEHAVIOR THERAPY SKILLS GROUP").
const NO_LETTERHEAD: &[&str] = &["group", "groups", "therapy", "program", "team"];

/// Heads that may be written in lower case after a proper name ("Grace church").
const LOWER_HEADS: &[&str] = &["church", "school", "hospital", "clinic", "academy", "college", "elementary"];
/// Heads followed by "of" + a name ("University of New Mexico", "Church of the Nazarene").
#[rustfmt::skip]
const OF_HEADS: &[&str] = &[
    "university", "college", "institute", "school", "church", "academy", "bank", "museum", "hospital", "department",
    "dept", "sisters", "temple", "cathedral", "ministries",
];
/// Heads followed by "for" + a name ("Riley Hospital for Children", "Center for
/// Behavioral Health", "Institute for Family Health").
const FOR_HEADS: &[&str] = &["hospital", "center", "centre", "institute", "school", "clinic", "home", "foundation"];
/// Heads that may follow a comma ("Acme, Inc.").
const COMPANY_TAILS: &[&str] = &["inc", "llc", "ltd", "corp", "co", "gmbh", "pllc", "llp"];

/// USPS suffixes trusted in CASELESS lines and in lower case after a capitalised name.
#[rustfmt::skip]
const STRONG_SUFFIX: &[&str] = &[
    "street", "st", "avenue", "ave", "av", "road", "rd", "drive", "dr", "boulevard", "blvd", "lane", "ln", "court",
    "ct", "place", "pl", "terrace", "ter", "circle", "cir", "parkway", "pkwy", "highway", "hwy", "way", "trail",
    "trl", "pike", "expressway", "expy", "freeway", "fwy", "square", "sq", "alley", "aly", "crescent", "loop",
];
/// Suffixes that make a street name without a house number ("on Fenwick Avenue").
#[rustfmt::skip]
const BARE_SUFFIX: &[&str] = &[
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "highway", "hwy", "parkway",
    "pkwy", "drive", "terrace", "turnpike", "expressway", "freeway",
];
/// Road words followed by a number ("Route 9", "Highway 101").
const HIGHWAY: &[&str] = &["highway", "hwy", "route", "rte", "rt", "interstate"];
/// Street directions.
#[rustfmt::skip]
const DIRECTIONS: &[&str] = &[
    "n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west", "northeast", "northwest",
    "southeast", "southwest",
];
/// Words that may end with a period inside a name ("St. Louis", "W. Main", "Av. Paulista").
const DOT_ABBR: &[&str] = &[
    "st", "ft", "mt", "pt", "ste", "n", "s", "e", "w", "ne", "nw", "se", "sw", "jr", "sr", "dr", "av", "ave", "blvd",
    "rd", "ln", "hwy", "pkwy", "co", "inc", "corp", "ltd", "bros", "no",
];
/// Words after a place that make it one ("a Boston native", "the Dunmore area").
const POST_CUES: &[&str] =
    &["native", "natives", "resident", "residents", "area", "suburbs", "suburb", "metro", "transplant"];
/// Clinical head nouns after a place name that make it an illness ("Lyme disease").
const CLINICAL_HEADS: &[&str] = &[
    "disease",
    "virus",
    "syndrome",
    "fever",
    "disorder",
    "encephalitis",
    "criteria",
    "scale",
    "flu",
    "strain",
    "exanthem",
    "sign",
    "wort",
];
/// Instrument nouns that end a capitalised run ("Edinburgh Postnatal Depression Scale").
const INSTRUMENT_HEADS: &[&str] = &[
    "scale",
    "inventory",
    "questionnaire",
    "checklist",
    "index",
    "test",
    "criteria",
    "interview",
    "screen",
    "assessment",
];
/// Words before a number that make it no house number ("level 3 Main").
const NOT_A_HOUSE_NUMBER_AFTER: &[&str] =
    &["level", "grade", "stage", "tier", "phase", "type", "step", "class", "room", "page", "score", "of"];
/// Counted things after a number: "3 Miles Way too fast" is not an address.
const QUANTITIES: &[&str] = &[
    "miles", "mile", "blocks", "block", "hours", "hour", "minutes", "days", "weeks", "months", "years", "times",
    "tabs", "pills", "drinks", "beers", "kids", "children", "people", "sessions", "points", "steps", "feet", "yards",
];
/// Words of a military unit's name after its number ("41st Infantry Regiment", "2nd Bn").
#[rustfmt::skip]
const MILITARY_WORDS: &[&str] = &[
    "airborne", "armor", "armored", "artillery", "assault", "aviation", "bn", "battalion", "bde", "brigade",
    "cavalry", "co", "combat", "company", "div", "division", "engineer", "engineers", "field", "forces", "infantry",
    "intelligence", "logistics", "maintenance", "marine", "marines", "medical", "mp", "parachute", "ranger",
    "rangers", "regiment", "regt", "signal", "special", "squadron", "sqdn", "support", "sustainment",
    "transportation", "wing",
];
/// The words among [`MILITARY_WORDS`] that make a unit small enough to name the people in
/// it: a battalion or a brigade, a company, a squadron ("3rd Bn"). A regiment or a division
/// alone is service history ("75th Ranger Regiment", "82nd Airborne"), kept as the armed
/// services are, unless it follows such a unit ("3rd Bn, 41st Infantry Regiment").
#[rustfmt::skip]
const MILITARY_HEADS: &[&str] = &[
    "bn", "battalion", "bde", "brigade", "co", "company", "squadron", "sqdn",
];
/// Company names of the phonetic alphabet, Alpha to India ("Charlie Co.").
const PHONETIC: &[&str] = super::PHONETIC_ALPHABET.split_at(9).0;

/// Units that make an address on their own ("Apt 2B", "Suite 200", "Room 318": a room
/// locates a client in a residence hall or a ward as an apartment does; capitalised only).
const STANDALONE_UNITS: &[&str] = &["apt", "apartment", "suite", "ste", "trlr", "trailer", "room", "rm"];
/// First and last words of the US states and territories of more than one word.
const STATE_FIRST_WORDS: &[&str] =
    &["new", "north", "south", "west", "rhode", "district", "puerto", "american", "northern", "virgin", "u.s"];
#[rustfmt::skip]
const STATE_LAST_WORDS: &[&str] = &[
    "hampshire", "jersey", "mexico", "york", "carolina", "dakota", "virginia", "island", "columbia", "rico", "samoa",
    "islands",
];
/// Street-type endings of one-word street names in Nordic, German and Dutch addresses.
const INTL_SUFFIX: &[&str] = &[
    "katu", "tie", "kuja", "polku", "vayla", "gatan", "gata", "vagen", "vag", "vej", "gade", "veien", "vegen",
    "strasse", "str", "weg", "gasse", "allee", "platz", "damm", "ufer", "laan", "straat", "gracht", "plein", "steeg",
    "utca", "ulica", "ulice",
];
/// Street-type words before the name in Romance-language addresses.
const INTL_PREFIX: &[&str] =
    &["via", "viale", "corso", "piazza", "calle", "avenida", "rua", "rue", "carrer", "strada", "ulica", "plaza"];
/// Lower-case words inside multi-word place names ("Truth or Consequences", "Rio de Janeiro").
const CONNECTORS: &[&str] = &[
    "de", "del", "la", "las", "los", "le", "les", "du", "des", "of", "or", "upon", "on", "y", "da", "do", "dos", "das",
];
/// Weekday plurals, not in the weekday list ("Wednesdays").
const WEEKDAY_PLURALS: &[&str] =
    &["mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "weekends"];
/// Ways of writing the United States: a country, but never identifying in these notes.
const HOME_COUNTRY: &[&str] = &["united states", "united states of america", "usa", "u.s.a", "u.s", "us", "america"];
/// State abbreviations that are also credentials or common words after a comma
/// ("Smith, MD", "Doe, PA", "tired, OK").
const AMBIGUOUS_ABBR: &[&str] = &[
    "md", "pa", "ma", "ms", "dc", "me", "or", "in", "ok", "hi", "id", "oh", "de", "la", "co", "al", "ne", "sc", "nd",
    "mt", "ct", "va", "pr", "mo", "wa", "ga", "ar", "as", "nm",
];
/// Endings that make an unknown word look like a town ("Joshuaville", "Carverton").
const PLACEY_ENDINGS: &[&str] = &[
    "ville", "burg", "burgh", "town", "ton", "field", "ford", "port", "wood", "land", "dale", "view", "boro",
    "borough", "berg", "haven", "mouth", "chester", "shire", "polis", "city", "springs", "falls", "heights", "brook",
    "mont", "ridge", "worth",
];

/// Place cues before a word.
#[rustfmt::skip]
const LIVE_VERBS: &[&str] = &[
    "lives", "live", "living", "lived", "resides", "reside", "residing", "resided", "raised", "born", "stationed",
    "settled", "stays", "staying", "stayed", "located", "based", "incarcerated", "imprisoned", "jailed", "homeless",
    "grew",
];
/// Where someone lives, before "in", "near", "outside" or "around" a town ("father's home
/// in Huxley", "a farm near Mingo"), or "on" a street ("a duplex on SE 14th St").
#[rustfmt::skip]
const DWELLINGS: &[&str] = &[
    "home", "house", "apartment", "apt", "farm", "acreage", "ranch", "trailer", "condo", "cabin", "duplex",
    "townhouse", "residence",
];
const GROW: &[&str] = &["grew", "growing", "grown", "brought"];
#[rustfmt::skip]
const MOVE_VERBS: &[&str] = &[
    "moved", "move", "moves", "moving", "relocated", "relocate", "relocates", "relocating", "emigrated", "immigrated",
    "fled", "deployed", "returned", "returning", "came", "comes", "hails", "originally", "transplanted",
];
#[rustfmt::skip]
const OF_PLACE: &[&str] = &[
    "resident", "residents", "native", "natives", "town", "city", "village", "outskirts", "suburbs", "suburb",
    "hometown", "county", "township", "borough", "neighborhood", "neighbourhood", "area", "outside", "north",
    "south", "east", "west",
];
/// Facility cues before a word.
#[rustfmt::skip]
const FAC_AT: &[&str] = &[
    "works", "work", "working", "worked", "employed", "employee", "job", "shift", "enrolled", "teaches", "teaching",
    "taught", "volunteers", "volunteer", "volunteered", "volunteering", "hospitalized", "hospitalised", "seen",
    "treated", "admitted", "placed", "housed", "intern", "internship", "residency", "trained", "barista", "cashier",
    "clerk", "driver", "mechanic", "waitress", "waiter", "cook", "janitor", "tester", "engineer", "analyst",
    "assistant", "technician", "tech", "receptionist", "hygienist", "manager", "supervisor", "aide", "server",
    "bartender", "stocker", "custodian", "welder", "electrician", "accountant", "secretary",
    // "follow-up at", "f/u at", "appt at", "evaluated at", "detox at", "in jail at"
    "up", "u", "appointment", "appt", "evaluated", "assessed", "detox", "detoxed", "inpatient", "outpatient",
    "jail", "prison", "incarcerated", "detained",
];
const FAC_TO: &[&str] =
    &["transferred", "admitted", "readmitted", "referred", "sent", "taken", "brought", "transported", "rushed"];
/// Facility cues before "to" in a line without case, where a facility needs a cue and a
/// head noun or a word no list knows ("goes to west side middle school"); in mixed case
/// they would take "went to Mass".
const FAC_TO_CASELESS: &[&str] = &["goes", "go", "going", "went"];
#[rustfmt::skip]
const FAC_FROM: &[&str] = &[
    "discharged", "transferred", "released", "graduated", "expelled", "suspended", "fired", "off", "layoff", "leave",
    "resigned", "retired",
];
const WORK_VERBS: &[&str] = &["works", "work", "working", "worked", "volunteers", "volunteering", "drives"];
const OF_MEMBER: &[&str] = &["member", "members", "staff", "employee", "employees", "student", "students", "alumnus"];

/// Neighbourhood and area words after a name ("Eastwood neighborhood", "Pine Ridge Reservation").
#[rustfmt::skip]
const AREA_WORDS: &[&str] = &[
    "township", "borough", "neighborhood", "neighbourhood", "reservation", "apartments", "apts", "estates",
    "projects", "subdivision", "district",
];

/// The `locations` detector. Stateless; the word tables are built once.
pub struct Locations {
    generic: WordSet,
    denominations: WordSet,
    extra_heads: WordSet,
    strong_heads: WordSet,
    areas: WordSet,
    weekday_plurals: WordSet,
    intl_prefix: WordSet,
    // (sets of the lists tested most often)
    strong_suffix: WordSet,
    highway: WordSet,
    quantities: WordSet,
    connectors: WordSet,
    not_a_house_number_after: WordSet,
    dot_abbr: WordSet,
}

impl Default for Locations {
    fn default() -> Self {
        Self::new()
    }
}

impl Locations {
    /// Builds the word tables.
    pub fn new() -> Locations {
        Locations {
            generic: WordSet::new(&[GENERIC]),
            denominations: WordSet::new(&[DENOMINATIONS]),
            extra_heads: WordSet::new(&[EXTRA_HEADS]),
            strong_heads: WordSet::new(&[STRONG_HEADS]),
            areas: WordSet::new(&[AREA_WORDS, &["county", "parish", "co"]]),
            weekday_plurals: WordSet::new(&[WEEKDAY_PLURALS]),
            intl_prefix: WordSet::new(&[INTL_PREFIX]),
            strong_suffix: WordSet::new(&[STRONG_SUFFIX]),
            highway: WordSet::new(&[HIGHWAY]),
            quantities: WordSet::new(&[QUANTITIES]),
            connectors: WordSet::new(&[CONNECTORS]),
            not_a_house_number_after: WordSet::new(&[NOT_A_HOUSE_NUMBER_AFTER]),
            dot_abbr: WordSet::new(&[DOT_ABBR]),
        }
    }
}

impl Detector for Locations {
    fn name(&self) -> &'static str {
        NAME
    }

    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        let own = out.len();
        let mut scan = Scan {
            lists: self,
            toks: note.tokens,
            text: note.text,
            note,
            key: String::new(),
            tmp: String::new(),
            out,
            own,
        };
        scan.run();
    }
}

/// What stands before a candidate place or facility.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    /// Nothing that helps.
    None,
    /// A preposition that often introduces a place ("from", "to", "visiting").
    Weak,
    /// "in", "near", "outside", "around": a place or a room, never a person.
    WeakIn,
    /// A verb of residence or movement ("lives in", "moved to", "born in", "resident of").
    Strong,
    /// An employer, school or admission cue ("works at", "attends", "admitted to").
    Facility,
    /// "lives on": a street name follows.
    Street,
}

/// Up to six token indices of a multi-word name, without allocation.
#[derive(Clone, Copy)]
struct Run {
    idx: [usize; 6],
    len: usize,
}

impl Run {
    fn new(first: usize) -> Run {
        Run { idx: [first; 6], len: 1 }
    }
    fn push(&mut self, i: usize) -> bool {
        if self.len == self.idx.len() {
            return false;
        }
        self.idx[self.len] = i;
        self.len += 1;
        true
    }
    fn first(&self) -> usize {
        self.idx[0]
    }
    fn last(&self) -> usize {
        self.idx[self.len - 1]
    }
    fn as_slice(&self) -> &[usize] {
        &self.idx[..self.len]
    }
}

/// A short word in lower case, for `match`ing without allocation.
#[derive(Clone, Copy)]
struct Lower {
    buf: [u8; 16],
    len: u8,
}

impl Lower {
    fn as_bytes(&self) -> &[u8] {
        &self.buf[..usize::from(self.len)]
    }
}

/// Counts of the words of a facility name, by role.
#[derive(Default)]
struct FacilityWords {
    /// Words that are neither generic nor a denomination.
    proper: u32,
    /// Proper words that are names, places, rare words or acronyms.
    strong: u32,
    /// Denominations.
    denominations: u32,
    /// Ordinals ("First", "2nd").
    ordinals: u32,
    /// Proper words that are medical words and no name or place ("Perinatal", "Geriatric";
    /// not "Linden").
    medical: u32,
}

/// One detection pass over a note.
struct Scan<'s, 'a> {
    lists: &'s Locations,
    note: &'s Note<'a>,
    toks: &'a [Token],
    text: &'a str,
    /// Phrase key buffer (reused).
    key: String,
    /// Word normalisation buffer (reused).
    tmp: String,
    out: &'s mut Vec<Candidate>,
    /// Where this scan's own candidates start in `out` (other detectors' come first).
    own: usize,
}

impl<'s, 'a> Scan<'s, 'a> {
    // ----------------------------------------------------------------------------------
    // Token helpers
    // ----------------------------------------------------------------------------------

    fn w(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }

    fn class(&self, i: usize) -> Option<Class> {
        self.toks.get(i).map(|t| t.class)
    }

    fn is_word(&self, i: usize) -> bool {
        self.class(i) == Some(Class::Word)
    }

    fn e(&self, i: usize) -> Entry {
        self.toks[i].entry
    }

    fn caseless(&self, i: usize) -> bool {
        self.toks[i].has(CASELESS)
    }

    /// Capitalised word (Title, Upper or Initial).
    fn cap(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.class == Class::Word && t.is_capitalized())
    }

    /// Capitalised, or any word of a CASELESS line.
    fn capish(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.class == Class::Word && (t.is_capitalized() || t.has(CASELESS)))
    }

    fn eq(&self, i: usize, s: &str) -> bool {
        self.is_word(i) && self.w(i).eq_ignore_ascii_case(s)
    }

    fn eq_any(&self, i: usize, list: &[&str]) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let w = self.w(i);
        list.iter().any(|s| w.eq_ignore_ascii_case(s))
    }

    fn punct(&self, i: usize, p: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.class == Class::Punct && t.text(self.text) == p)
    }

    /// A space that may sit inside a name: one character, not a tab.
    fn small_space(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.class == Class::Space && {
                let s = t.text(self.text);
                let mut c = s.chars();
                matches!((c.next(), c.next()), (Some(ch), None) if ch != '\t')
            }
        })
    }

    /// True if word `i` is in `set` (the sets hold ASCII words only).
    #[inline]
    fn in_set(&self, i: usize, set: &WordSet) -> bool {
        self.is_word(i) && set.contains(self.toks[i].text(self.text))
    }

    /// True if word `i` joins the words of a place name ("Rio de Janeiro").
    fn connector(&self, i: usize) -> bool {
        self.in_set(i, &self.lists.connectors)
    }

    fn generic(&self, i: usize) -> bool {
        let lists = self.lists;
        self.in_set(i, &lists.generic)
    }

    fn denomination(&self, i: usize) -> bool {
        let lists = self.lists;
        self.in_set(i, &lists.denominations)
    }

    /// "Wednesdays", "weekends" (ASCII only: no buffer needed).
    fn weekday_plural(&self, i: usize) -> bool {
        self.is_word(i) && self.lists.weekday_plurals.contains(self.w(i))
    }

    fn area(&self, i: usize) -> bool {
        let lists = self.lists;
        self.in_set(i, &lists.areas)
    }

    /// A facility head noun, from the shared cue list or [`EXTRA_HEADS`].
    fn head(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        if self.e(i).has(bits::FACILITY_HEAD) {
            return true;
        }
        let lists = self.lists;
        self.in_set(i, &lists.extra_heads)
    }

    fn strong_head(&self, i: usize) -> bool {
        let lists = self.lists;
        self.in_set(i, &lists.strong_heads)
    }

    /// Word `i` lower-cased into a small buffer (empty if longer than 16 bytes or not ASCII).
    fn lower(&self, i: usize) -> Lower {
        let mut l = Lower { buf: [0; 16], len: 0 };
        if !self.is_word(i) {
            return l;
        }
        let w = self.w(i).as_bytes();
        if w.len() <= l.buf.len() && w.is_ascii() {
            for (d, c) in l.buf.iter_mut().zip(w) {
                *d = c.to_ascii_lowercase();
            }
            l.len = w.len() as u8;
        }
        l
    }

    /// True if word `i`, lower-cased, is one of `list` (short lists only).
    fn lower_in(&self, i: usize, list: &[&str]) -> bool {
        let l = self.lower(i);
        let b = l.as_bytes();
        !b.is_empty() && list.iter().any(|w| w.as_bytes() == b)
    }

    /// A number of 1 to `max` ASCII digits.
    fn digits(&self, i: usize, min: usize, max: usize) -> bool {
        self.class(i) == Some(Class::Number) && {
            let w = self.w(i);
            (min..=max).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
        }
    }

    /// An ordinal written with digits ("5th", "42nd", "1st").
    fn ordinal(&self, i: usize) -> bool {
        if !self.is_word(i) {
            return false;
        }
        let w = self.w(i).as_bytes();
        let n = w.iter().take_while(|b| b.is_ascii_digit()).count();
        n >= 1 && n + 2 == w.len() && matches!(&w[n..].to_ascii_lowercase()[..], b"st" | b"nd" | b"rd" | b"th")
    }

    /// Word containing a digit ("2B", "12th").
    fn has_digit(&self, i: usize) -> bool {
        self.w(i).bytes().any(|b| b.is_ascii_digit())
    }

    /// The last token of the road number after the road word at `k`: "Route 9", "Hwy 9W",
    /// "Hwy X38", "County Road F-62" (its "62").
    fn road_number(&self, k: usize) -> Option<usize> {
        let j = self.nw(k)?;
        if self.digits(j, 1, 4) {
            return Some(j);
        }
        let w = self.w(j).as_bytes();
        let digits = w.iter().filter(|b| b.is_ascii_digit()).count();
        // a capital letter before or after one to four digits ("X38", "9W", "30A")
        let lettered = |c: u8| c.is_ascii_uppercase();
        if (2..=5).contains(&w.len()) && digits == w.len() - 1 && (lettered(w[0]) || lettered(w[w.len() - 1])) {
            return Some(j);
        }
        // "F-62"
        if w.len() == 1 && lettered(w[0]) && self.punct(j + 1, "-") && self.digits(j + 2, 1, 4) {
            return Some(j + 2);
        }
        None
    }

    /// An identifier of a unit or box: a number, a short alphanumeric word with a digit, or a
    /// single letter ("2", "2B", "B2", "C").
    fn unit_id(&self, i: usize) -> bool {
        match self.class(i) {
            Some(Class::Number) => self.w(i).len() <= 6 && self.w(i).bytes().all(|b| b.is_ascii_alphanumeric()),
            Some(Class::Word) => {
                let w = self.w(i);
                (w.len() <= 6 && w.bytes().all(|b| b.is_ascii_alphanumeric()) && self.has_digit(i))
                    || (w.len() == 1 && self.toks[i].case == Case::Initial)
            }
            _ => false,
        }
    }

    /// Next word or number after `i` on the line, across spaces only.
    fn nw(&self, i: usize) -> Option<usize> {
        self.note.next_word(i)
    }

    /// Previous word or number before `i` on the line, across spaces only.
    fn pw(&self, i: usize) -> Option<usize> {
        self.note.prev_word(i)
    }

    /// Next word of a name after word `k`: across one space, a hyphen, the period of an
    /// abbreviation ("St. Louis"), and (if `wide`) a possessive or an ampersand.
    fn next_in_name(&self, k: usize, wide: bool) -> Option<usize> {
        let mut j = k + 1;
        if wide && self.class(j) == Some(Class::Possessive) {
            j += 1;
        }
        match self.class(j)? {
            Class::Space => {
                if !self.small_space(j) {
                    return None;
                }
                if wide && self.punct(j + 1, "&") && self.small_space(j + 2) && self.is_word(j + 3) {
                    return Some(j + 3);
                }
                matches!(self.class(j + 1), Some(Class::Word | Class::Number)).then_some(j + 1)
            }
            Class::Punct => {
                let p = self.toks[j].text(self.text);
                if p == "-" && j == k + 1 {
                    return self.is_word(j + 1).then_some(j + 1);
                }
                if p == "." && j == k + 1 && self.in_set(k, &self.lists.dot_abbr) {
                    if self.small_space(j + 1) && self.is_word(j + 2) {
                        return Some(j + 2);
                    }
                    return self.is_word(j + 1).then_some(j + 1);
                }
                None
            }
            _ => None,
        }
    }

    /// Previous word of a name before word `k` (mirror of [`Self::next_in_name`]).
    fn prev_in_name(&self, k: usize, wide: bool) -> Option<usize> {
        let j = k.checked_sub(1)?;
        match self.class(j)? {
            Class::Space => {
                if !self.small_space(j) {
                    return None;
                }
                let p = j.checked_sub(1)?;
                match self.class(p)? {
                    Class::Word | Class::Number => Some(p),
                    Class::Possessive if wide => p.checked_sub(1).filter(|&q| self.is_word(q)),
                    Class::Punct => {
                        let s = self.toks[p].text(self.text);
                        let q = p.checked_sub(1)?;
                        if s == "." && self.in_set(q, &self.lists.dot_abbr) {
                            return Some(q);
                        }
                        if wide && s == "&" && self.small_space(q) {
                            return q.checked_sub(1).filter(|&r| self.is_word(r));
                        }
                        None
                    }
                    _ => None,
                }
            }
            Class::Punct if self.toks[j].text(self.text) == "-" => j.checked_sub(1).filter(|&q| self.is_word(q)),
            _ => None,
        }
    }

    fn emit(&mut self, first: usize, last: usize, kind: Kind, cue: &'static str) {
        let first = if kind == Kind::Address { self.number_before(first) } else { first };
        let (Some(a), Some(b)) = (self.toks.get(first), self.toks.get(last)) else { return };
        if a.start >= b.end {
            return;
        }
        let priority = match kind {
            Kind::Address => P_ADDRESS,
            Kind::Zip => P_ZIP,
            Kind::Facility => P_FACILITY,
            _ => P_PLACE,
        };
        self.out.push(Candidate::new(a.start, b.end, kind, NAME, cue, priority));
    }

    // ----------------------------------------------------------------------------------
    // The walk
    // ----------------------------------------------------------------------------------

    fn run(&mut self) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            let next = match self.toks[i].class {
                Class::Number => self.number(i),
                Class::Word if self.worth_a_look(i) && !crate::segment::is_own_tag_label(self.text, self.toks, i) => {
                    self.word(i)
                }
                // "3rd Bn, 41st Infantry Regiment"
                Class::Word if self.text.as_bytes()[self.toks[i].start].is_ascii_digit() => self.military_unit(i),
                Class::Punct if self.punct(i, ",") => {
                    self.comma(i);
                    None
                }
                _ => None,
            };
            // Always move forward, whatever a routine returned.
            i = match next {
                Some(end) if end >= i => end + 1,
                _ => i + 1,
            };
        }
    }

    /// Cheap filter on a word token, from its flags, case and shape only: most lower-case
    /// words of running text can start nothing this detector finds.
    fn worth_a_look(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let e = t.entry;
        let caseless = t.has(CASELESS);
        const INTEREST: u64 = bits::FACILITY_HEAD | bits::STREET_SUFFIX | bits::UNIT | PLACE_FLAGS | bits::PLACE_PREFIX;
        if e.has(INTEREST) || t.is_capitalized() && (!caseless || e.word() > 0) || caseless && unknownish(e) {
            return true;
        }
        // (a common word that may start a town of two words: "in mason city")
        if caseless && e.word() > 0 && self.after_place_preposition(i) {
            return true;
        }
        let len = t.end - t.start;
        let first = self.text.as_bytes()[t.start].to_ascii_lowercase();
        area_shape(first, len)
            || match first {
                // zip, zipcode
                b'z' => len == 3 || len == 7,
                // p, po, p.o, pob, post, postal, postcode
                b'p' => len <= 4 || len == 6 || len == 8,
                // rr, r.r, rfd, rte, rural
                b'r' => matches!(len, 2 | 3 | 5),
                // hc
                b'h' => len == 2,
                _ => false,
            }
    }

    /// The first word of a line of capitals that word `p` ends, if up to four words (no
    /// stopword, title or month) lead from the line's start to `p` and the line ends at `b`.
    fn letterhead_start(&self, p: usize, b: usize) -> Option<usize> {
        let name_word = |k: usize| self.is_word(k) && !self.e(k).has(PLACE_BLOCK);
        if !name_word(p) {
            return None;
        }
        let mut q = p;
        for _ in 0..3 {
            match self.prev_in_name(q, true) {
                Some(r) if name_word(r) => q = r,
                _ => break,
            }
        }
        self.alone_on_line(q, b).then_some(q)
    }

    /// True if words `a..=b` fill their line (spaces aside), or start it and end where a
    /// dash or a bar between spaces starts the rest of a heading ("MAPLE CREST BEHAVIORAL
    /// HEALTH - UNIT 4 WEST").
    #[inline(never)]
    fn alone_on_line(&self, a: usize, b: usize) -> bool {
        let (mut p, mut k) = (a, b + 1);
        while p > 0 && self.class(p - 1) == Some(Class::Space) {
            p -= 1;
        }
        let spaced = self.class(k) == Some(Class::Space);
        while self.class(k) == Some(Class::Space) {
            k += 1;
        }
        let separator = spaced
            && self.class(k) == Some(Class::Punct)
            && matches!(self.toks[k].text(self.text), "-" | "\u{2013}" | "\u{2014}" | "|")
            && self.class(k + 1) == Some(Class::Space);
        (p == 0 || self.class(p - 1) == Some(Class::Newline))
            && (separator || matches!(self.class(k), None | Some(Class::Newline)))
    }

    /// A union local, a veterans' post or a lodge by its number: "Teamsters Local 1190",
    /// "United Molders & Allied Workers Local 4410", "American Legion Post 212", "Elks Lodge
    /// #345" (it names the members' employer or town). The word at `i` is "Local", "Post" or
    /// "Lodge" after a capitalised word.
    #[inline(never)]
    fn numbered_chapter(&mut self, i: usize) -> Option<usize> {
        let n = self.chapter_number_after(i)?;
        let mut first = i;
        for _ in 0..6 {
            match self.prev_in_name(first, true) {
                Some(p) if self.cap(p) && !self.e(p).has(PLACE_BLOCK) || self.connector(p) => first = p,
                _ => break,
            }
        }
        while first < i && self.connector(first) {
            first += 1;
        }
        if first == i {
            return None;
        }
        self.emit(first, n, Kind::Facility, "numbered local, post or lodge");
        Some(n)
    }

    /// The number after "Local", "Post" or "Lodge" at `i` ("Local 1190", "Lodge #345"; not
    /// a year, "Washington Post 2019"): its token.
    fn chapter_number_after(&self, i: usize) -> Option<usize> {
        if !self.eq_any(i, &["local", "post", "lodge"]) || self.class(i + 1) != Some(Class::Space) {
            return None;
        }
        let n = if self.punct(i + 2, "#") { i + 3 } else { i + 2 };
        let year = self.digits(n, 4, 4) && matches!(&self.w(n)[..2], "19" | "20");
        (self.digits(n, 1, 5) && !year && self.class(n + 1) != Some(Class::Word)).then_some(n)
    }

    /// A military unit by its number, small enough to name the people a veteran served with
    /// ([`MILITARY_HEADS`]: "3rd Bn", "441st Engineer Bde"), with the company before it
    /// ("Charlie Co., 3rd Bn", "C Co, 2nd Bn") and the larger units after it ("3rd Bn, 41st
    /// Infantry Regiment"). The word at `i` is an ordinal.
    #[inline(never)]
    fn military_unit(&mut self, i: usize) -> Option<usize> {
        if !self.ordinal(i) {
            return None;
        }
        // the unit's words after ordinal `k`: their last, and whether one is a head
        let words_after = |k: usize| {
            let (mut last, mut head) = (k, false);
            while let Some(j) = self.nw(last).filter(|&j| self.is_word(j) && self.eq_any(j, MILITARY_WORDS)) {
                head |= self.eq_any(j, MILITARY_HEADS);
                last = j;
            }
            (last, head)
        };
        let (mut last, head) = words_after(i);
        if !head {
            return None;
        }
        // the larger units after it: "3rd Bn, 41st Infantry Regiment"
        while self.punct(last + 1, ",") && self.class(last + 2) == Some(Class::Space) && self.ordinal(last + 3) {
            match words_after(last + 3) {
                (end, _) if end > last + 3 => last = end,
                _ => break,
            }
        }
        // the company before it: "Charlie Co., " / "C Co, " / "B Company, "
        let mut first = i;
        let comma = |k: usize| k >= 3 && self.punct(k - 2, ",") && self.class(k - 1) == Some(Class::Space);
        if comma(i) {
            let mut c = i - 3;
            if self.punct(c, ".") && c > 0 {
                c -= 1;
            }
            if self.is_word(c) && self.eq_any(c, &["co", "company", "troop", "battery"]) && c >= 2 {
                let name = c - 2;
                let letter = self.toks[name].end - self.toks[name].start == 1 && self.cap(name);
                if self.class(c - 1) == Some(Class::Space)
                    && self.is_word(name)
                    && (letter || self.eq_any(name, PHONETIC))
                {
                    first = name;
                }
            }
        }
        self.emit(first, last, Kind::Location, "military unit");
        Some(last)
    }

    /// A congregation named without "Church": a common first word and a denomination, "at
    /// First Methodist", "(First Reformed)", "Grace Lutheran" (with its head, "First Baptist
    /// Church" is found from "Church").
    #[inline(never)]
    fn church_without_head(&mut self, i: usize) -> Option<usize> {
        const FIRSTS: [&str; 9] =
            ["first", "second", "third", "grace", "trinity", "calvary", "bethel", "zion", "christ"];
        let d = self.next_in_name(i, false)?;
        if !FIRSTS.iter().any(|f| self.eq(i, f)) || self.toks[d].case != Case::Title || !self.denomination(d) {
            return None;
        }
        // ("Grace Lutheran Church": the head's own rule takes it whole)
        if self.next_in_name(d, false).is_some_and(|h| self.head(h) || self.denomination(h)) {
            return None;
        }
        self.emit(i, d, Kind::Facility, "congregation");
        Some(d)
    }

    /// A number: a house number, or a ZIP code after a state or a place.
    fn number(&mut self, i: usize) -> Option<usize> {
        if let Some(end) = self.street_address(i) {
            return Some(end);
        }
        let end = self.zip_at(i)?;
        self.zip_after_state(i, end).or_else(|| self.zip_after_place(i, end))
    }

    /// The ZIP code `i..=end` right after a town, facility or address this scan just found,
    /// with no state between ("apt 6 now, waterloo 50703").
    #[inline(never)]
    fn zip_after_place(&mut self, i: usize, end: usize) -> Option<usize> {
        // (not when a town after an address took it already: "22 birch ct, carverton 01863")
        let start = self.toks[i].start;
        let taken = || self.out[self.own..].iter().rev().take(3).any(|c| c.kind == Kind::Zip && c.start == start);
        if !self.place_just_before(i) || taken() {
            return None;
        }
        self.emit(i, end, Kind::Zip, "ZIP after a place");
        Some(end)
    }

    /// A word: address forms that start with a word, areas and counties, facilities, bare
    /// streets, ZIP labels, places.
    fn word(&mut self, i: usize) -> Option<usize> {
        let t = self.toks[i];
        let e = t.entry;
        let caseless = t.has(CASELESS);
        // capitalised in a line that has case ("Boston"), or any capital word ("BOSTON")
        let capitalised = t.is_capitalized();
        let cap = capitalised && !caseless;
        let w = self.w(i).as_bytes();
        let len = w.len();
        let first = w.first().map_or(0, u8::to_ascii_lowercase);
        // a British or Canadian postcode: "LS6 2AB", "SW1A 1AA", "K1A 0B1"
        if (2..=4).contains(&len) && w[0].is_ascii_uppercase() && w[1..].iter().any(u8::is_ascii_digit) {
            if let Some(end) = self.postcode(i) {
                return Some(end);
            }
        }
        // every test is gated by a flag, the first letter or the length first
        let number_soon = |k: usize| self.class(k) == Some(Class::Number);
        let second = w.get(1).map_or(0, u8::to_ascii_lowercase);
        let address_start = match first {
            b'p' => len <= 4 && matches!(second, 0 | b'o' | b'.'),
            b'r' => len <= 5 && matches!(second, b'u' | b'r' | b'.' | b'f' | b'o' | b't'),
            b'h' => len == 2 && second == b'c',
            _ => false,
        } || e.has(bits::UNIT)
            || capitalised
                && self.class(i + 1) == Some(Class::Space)
                && (number_soon(i + 2) || number_soon(i + 3) || number_soon(i + 4) || number_soon(i + 5));
        if address_start {
            if let Some(end) = self.word_address(i) {
                return Some(end);
            }
        }
        if area_shape(first, len)
            && e.has(bits::KNOWN_WORD)
            && i >= 2
            && self.class(i - 1) == Some(Class::Space)
            && matches!(self.class(i - 2), Some(Class::Word | Class::Possessive))
            && self.area(i)
        {
            if let Some(end) = self.area_word(i) {
                return Some(end);
            }
        }
        // (an acronym head is no word: "Riverbend CMH")
        let acronym_shape = t.case == Case::Upper && len <= 4;
        if e.has(bits::FACILITY_HEAD) || capitalised && (e.word() > 0 || acronym_shape) && self.head(i) {
            if let Some(end) = self.facility_at_head(i) {
                return Some(end);
            }
        }
        if capitalised && matches!((first, len), (b'l', 5) | (b'p', 4)) {
            if let Some(end) = self.numbered_chapter(i) {
                return Some(end);
            }
        }
        // (First, Second, Third, Grace, Trinity, Calvary, Bethel, Zion, Christ)
        let church_first = matches!(
            (first, len),
            (b'f', 5) | (b's', 6) | (b't', 5 | 7) | (b'g', 5) | (b'c', 6 | 7) | (b'b', 6) | (b'z', 4)
        );
        if cap && church_first && t.case == Case::Title {
            if let Some(end) = self.church_without_head(i) {
                return Some(end);
            }
        }
        if e.has(bits::STREET_SUFFIX) || cap && first == b'i' && self.eq(i, "interstate") {
            if let Some(end) = self.bare_street(i) {
                return Some(end);
            }
        }
        if first == b'z' && (3..=7).contains(&len) || first == b'p' && (4..=8).contains(&len) {
            if let Some(end) = self.zip_label(i) {
                return Some(end);
            }
        }
        // in a CASELESS line, a common word right after "in", "to", "from" or "near" may
        // start a listed place of two words ("in mason city", "to cedar rapids")
        if caseless && e.word() > 0 && self.after_place_preposition(i) {
            if let Some(last) = self.common_word_town(i) {
                return Some(last);
            }
        }
        // in a line with case, a message typed in lower case: a listed town that is no
        // English word, right after "in", "to", "from" or "near" ("my tia's in ottumwa")
        if t.case == Case::Lower
            && !caseless
            && e.has(bits::US_CITY)
            && e.word() == 0
            && self.after_place_preposition(i)
        {
            self.emit(i, i, Kind::City, "place cue");
            return Some(i);
        }
        // places: capitalised words; in a CASELESS line only listed places and unknown words
        // (a facility after a cue is found from its head noun or as an unknown word)
        if cap || caseless && (e.has(PLACE_FLAGS | bits::PLACE_PREFIX) || unknownish(e)) {
            return self.place_at(i);
        }
        None
    }

    // ----------------------------------------------------------------------------------
    // Addresses
    // ----------------------------------------------------------------------------------

    /// "4931 Hamilton Rd, Apt 2", "12 North Elm Street", "5 rue de Rivoli", "12 Highway 9".
    fn street_address(&mut self, i: usize) -> Option<usize> {
        if !self.digits(i, 1, 6) || self.class(i + 1) != Some(Class::Space) {
            return None;
        }
        // a half house number: "818 1/2 Grand Ave"
        let n = if self.half_after(i) { i + 4 } else { i };
        if !self.is_word(n + 2) || n > i && self.class(n + 1) != Some(Class::Space) {
            return None;
        }
        // "$12", "#12", "Level 1 Trauma Center", "Room 3 Group"
        if i > 0 && self.class(i - 1) == Some(Class::Punct) && !self.punct(i - 1, "(") {
            let p = self.w(i - 1);
            if p != "," && p != ":" {
                return None;
            }
        }
        let first = n + 2;
        let caseless = self.caseless(first);
        // the cheapest test first: the word after the number must be able to start a street
        if !self.street_word(first, false, caseless) && !self.in_set(first, &self.lists.intl_prefix) {
            return None;
        }
        if self.pw(i).is_some_and(|p| self.in_set(p, &self.lists.not_a_house_number_after))
            || self.in_set(first, &self.lists.quantities)
        {
            return None;
        }
        // Romance-language order: number + type word + name ("5 rue de Rivoli").
        let lists = self.lists;
        if !caseless && self.in_set(first, &lists.intl_prefix) && !self.eq_any(first, &["plaza", "via"]) {
            let mut last = None;
            let mut k = first;
            for _ in 0..5 {
                let Some(j) = self.next_in_name(k, false) else { break };
                if self.capish(j) && !self.e(j).has(PLACE_BLOCK) {
                    last = Some(j);
                } else if !self.connector(j) {
                    break;
                }
                k = j;
            }
            let last = last?;
            self.emit(i, last, Kind::Address, "house number + street");
            return Some(last);
        }
        let mut k = first;
        let mut suffix: Option<usize> = None;
        for names in 0..6 {
            if !self.street_word(k, names > 0, caseless) {
                break;
            }
            if self.is_suffix_at(k, names, caseless) {
                suffix = Some(k);
            }
            match self.next_in_name(k, false) {
                Some(j) if self.is_word(j) => k = j,
                _ => break,
            }
        }
        let mut end = suffix?;
        // "Highway 9", "Route 66", "Hwy X38", "County Road F-62"
        let county_road =
            || self.eq_any(end, &["road", "rd"]) && self.pw(end).is_some_and(|p| self.eq_any(p, &["county", "co"]));
        if self.in_set(end, &self.lists.highway) || county_road() {
            if let Some(j) = self.road_number(end) {
                end = j;
            }
        }
        // post-direction: "Pennsylvania Ave NW"
        if let Some(j) = self.nw(end) {
            if self.is_word(j)
                && self.eq_any(j, &["n", "s", "e", "w", "ne", "nw", "se", "sw"])
                && (self.toks[j].case == Case::Upper || self.toks[j].case == Case::Initial || self.caseless(j))
            {
                end = j;
            }
        }
        end = self.units_after(end).map_or(end, |u| u.1);
        self.emit(i, end, Kind::Address, "house number + street");
        self.city_after(end);
        Some(end)
    }

    /// True if word `k` is a street type that also ends town names ("Falls", "Springs").
    #[inline(never)]
    fn town_suffix(&self, k: usize) -> bool {
        self.eq_any(
            k,
            &[
                "falls", "springs", "heights", "hills", "creek", "grove", "valley", "ridge", "bluffs", "junction",
                "ferry", "crossing", "corners", "landing", "mills", "gap",
            ],
        )
    }

    /// True if "1/2" follows the number at `i` and its space ("818 1/2").
    #[inline(never)]
    fn half_after(&self, i: usize) -> bool {
        i + 4 < self.toks.len() && self.w(i + 2) == "1" && self.punct(i + 3, "/") && self.w(i + 4) == "2"
    }

    /// A word that may be part of a street name after a house number.
    fn street_word(&self, k: usize, after_name: bool, caseless: bool) -> bool {
        if !self.is_word(k) {
            return false;
        }
        let t = self.toks[k];
        let e = t.entry;
        if self.ordinal(k) {
            return true;
        }
        if self.has_digit(k) {
            return false;
        }
        if e.has(bits::STOPWORD | bits::MONTH | bits::WEEKDAY | bits::PERSON_CUE) && !e.has(bits::STREET_SUFFIX) {
            return false;
        }
        if caseless {
            return !e.has(bits::CLINICAL) || e.has(bits::STREET_SUFFIX);
        }
        if t.is_capitalized() {
            return !e.has(bits::CLINICAL) || e.has(bits::STREET_SUFFIX | PLACE_FLAGS);
        }
        // lower-case suffix after a capitalised name: "Elm street"
        after_name && self.in_set(k, &self.lists.strong_suffix)
    }

    /// True if word `k` ends a street name here (it is a suffix, not "St." for Saint or
    /// "Dr" for Doctor before a name).
    fn is_suffix_at(&self, k: usize, names: usize, caseless: bool) -> bool {
        let e = self.e(k);
        let highway = self.in_set(k, &self.lists.highway) && self.road_number(k).is_some();
        if !(e.has(bits::STREET_SUFFIX) || highway) {
            return false;
        }
        if names == 0 && !highway {
            return false;
        }
        if caseless && !self.in_set(k, &self.lists.strong_suffix) && !highway {
            return false;
        }
        if self.eq_any(k, &["st", "dr", "ft", "mt"]) {
            if let Some(j) = self.next_in_name(k, false) {
                let n = self.e(j);
                if self.is_word(j) && self.capish(j) && n.name() >= 100 && n.first().max(n.surname()) > n.place_pop() {
                    return false;
                }
                // "Dr. M.T.": a title before the tool's own code
                if crate::segment::is_own_marker(self.text, self.toks, j) {
                    return false;
                }
            }
        }
        true
    }

    /// Units after an address or a building: ", Apt 2", " Suite 200", ", #2R",
    /// ", Building C, Apt 214", ", 2nd Floor". Returns the last token of the last unit.
    fn units_after(&self, k: usize) -> Option<(usize, usize)> {
        let mut found: Option<(usize, usize)> = None;
        let mut k = k;
        for _ in 0..3 {
            let mut j = k + 1;
            if self.punct(j, ".") {
                j += 1;
            }
            if self.punct(j, ",") {
                j += 1;
            }
            if self.small_space(j) {
                j += 1;
            }
            let Some(u) = self.unit_at(j) else { break };
            found = Some((found.map_or(j, |f| f.0), u));
            k = u;
        }
        found
    }

    /// A unit starting at token `j`: "Apt 2B", "Suite 200", "#5", "# 5", "2nd Floor".
    fn unit_at(&self, j: usize) -> Option<usize> {
        if self.punct(j, "#") {
            let mut id = j + 1;
            if self.small_space(id) {
                id += 1;
            }
            return self.unit_id(id).then_some(id);
        }
        if !self.is_word(j) {
            return None;
        }
        if self.ordinal(j) {
            let f = self.nw(j)?;
            return self.eq_any(f, &["floor", "fl", "flr"]).then_some(f);
        }
        if !self.e(j).has(bits::UNIT) && !self.eq_any(j, &["apartment", "trailer", "flr", "box"]) {
            return None;
        }
        let mut id = j + 1;
        if self.punct(id, ".") {
            id += 1;
        }
        if self.small_space(id) {
            id += 1;
        }
        if self.punct(id, "#") {
            id += 1;
            if self.small_space(id) {
                id += 1;
            }
        }
        if !self.unit_id(id) {
            return None;
        }
        // "Room 512-B": a glued suffix of up to three letters or digits
        let glued = |k: usize| self.toks.get(k).is_some_and(|t| t.start == self.toks[k - 1].end);
        if self.punct(id + 1, "-")
            && glued(id + 1)
            && glued(id + 2)
            && self.toks[id + 2].end - self.toks[id + 2].start <= 3
            && matches!(self.class(id + 2), Some(Class::Word | Class::Number))
        {
            return Some(id + 2);
        }
        Some(id)
    }

    /// Address forms that start with a word: PO Box, rural routes, a unit alone,
    /// one-word international streets ("Koskikatu 25"), "Via Roma 12".
    fn word_address(&mut self, i: usize) -> Option<usize> {
        match self.lower(i).as_bytes() {
            b"po" | b"p.o" | b"pob" | b"p" | b"post" => {
                if let Some(end) = self.po_box(i) {
                    self.emit(i, end, Kind::Address, "PO box");
                    return Some(end);
                }
            }
            b"psc" | b"cmr" | b"unit" => {
                if let Some(end) = self.military_box(i) {
                    self.emit(i, end, Kind::Address, "military address");
                    return Some(end);
                }
            }
            b"apo" | b"fpo" | b"dpo" => {
                if let Some(end) = self.military_post_office(i) {
                    self.emit(i, end, Kind::Address, "military address");
                    return Some(end);
                }
            }
            b"rural" | b"rr" | b"r.r" | b"rfd" | b"hc" | b"route" | b"rte" => {
                if let Some(end) = self.rural_route(i) {
                    self.emit(i, end, Kind::Address, "rural route");
                    return Some(end);
                }
            }
            _ => {}
        }
        // (a room only capitalised, "Room 318": "in room 3 for group" is any room)
        let room = self.eq_any(i, &["room", "rm"]);
        if self.e(i).has(bits::UNIT) && self.eq_any(i, STANDALONE_UNITS) && (!room || self.cap(i)) {
            let end = self.unit_at(i)?;
            // (a count, not a room: "room 2 of 3")
            if self.nw(end).is_some_and(|o| self.eq(o, "of")) {
                return None;
            }
            let end = self.units_after(end).map_or(end, |u| u.1);
            self.emit(i, end, Kind::Address, "unit");
            return Some(end);
        }
        // any other unit right after a place just found, or where one lives: "Sunnybrook MHP
        // (Lot 14)", "Goodwin-Kirk Hall rm 4217", "lives in Lot 22"
        if self.e(i).has(bits::UNIT) && (self.place_just_before(i) || self.cue_before(i) == Cue::Strong) {
            if let Some(end) = self.unit_at(i) {
                // (with the units after it: "Cedar Ridge Apartments, Bldg C #214")
                let end = self.units_after(end).map_or(end, |u| u.1);
                self.emit(i, end, Kind::Address, "unit of a place");
                return Some(end);
            }
        }
        if !self.capish(i) {
            return None;
        }
        // the international forms end in a number within a few tokens
        let number_at = |s: &Self, k: usize| s.class(k) == Some(Class::Number);
        if number_at(self, i + 4) || number_at(self, i + 5) {
            if let Some(end) = self.intl_two_words(i) {
                return Some(end);
            }
        }
        // "Via Roma 12", "Calle Mayor 5"
        let lists = self.lists;
        if self.toks[i].end - self.toks[i].start <= 7 && self.in_set(i, &lists.intl_prefix) {
            let mut k = i;
            let mut names = 0;
            for _ in 0..5 {
                let Some(j) = self.next_in_name(k, false) else { break };
                if self.digits(j, 1, 5) || (self.unit_id(j) && self.has_digit(j)) {
                    if names > 0 {
                        self.emit(i, j, Kind::Address, "street + house number");
                        return Some(j);
                    }
                    break;
                }
                if self.capish(j) && !self.e(j).has(PLACE_BLOCK) {
                    names += 1;
                } else if !self.connector(j) {
                    break;
                }
                k = j;
            }
        }
        // "Koskikatu 25", "Hauptstr. 5"
        if !(number_at(self, i + 2) || number_at(self, i + 3)) {
            return None;
        }
        let num = match self.nw(i) {
            Some(j) => j,
            None if self.punct(i + 1, ".") => self.nw(i + 1)?,
            None => return None,
        };
        if !(self.digits(num, 1, 4) || (self.is_word(num) && self.unit_id(num) && self.has_digit(num))) {
            return None;
        }
        // a common word is no street name ("Room 12"): asked first, it is the cheaper test
        if self.e(i).word() > 0 {
            return None;
        }
        normalize_into(self.w(i), &mut self.tmp);
        let word = self.tmp.as_str();
        if !INTL_SUFFIX.iter().any(|s| word.len() >= s.len() + 3 && word.ends_with(s)) {
            return None;
        }
        self.emit(i, num, Kind::Address, "street + house number");
        Some(num)
    }

    /// "Berliner Straße 12": a capitalised word, a street-type word, a number.
    fn intl_two_words(&mut self, i: usize) -> Option<usize> {
        let s = self.next_in_name(i, false)?;
        if !self.capish(s) {
            return None;
        }
        let mut num = self.nw(s);
        if num.is_none() && self.punct(s + 1, ".") {
            num = self.nw(s + 1);
        }
        let num = num?;
        if !(self.digits(num, 1, 4) || (self.is_word(num) && self.unit_id(num) && self.has_digit(num))) {
            return None;
        }
        normalize_into(self.w(s), &mut self.tmp);
        if !INTL_SUFFIX.contains(&self.tmp.as_str()) {
            return None;
        }
        self.emit(i, num, Kind::Address, "street + house number");
        Some(num)
    }

    /// "PO Box 123", "P.O. Box 12", "P. O. Box 7", "Post Office Box 9", "POB 4".
    fn po_box(&self, i: usize) -> Option<usize> {
        let mut j;
        if self.eq_any(i, &["po", "p.o", "pob"]) {
            j = i + 1;
            if self.punct(j, ".") {
                j += 1;
            }
        } else if self.eq(i, "p") && self.punct(i + 1, ".") {
            j = i + 2;
            if self.small_space(j) {
                j += 1;
            }
            if !self.eq(j, "o") {
                return None;
            }
            j += 1;
            if self.punct(j, ".") {
                j += 1;
            }
        } else if self.eq(i, "post") {
            let o = self.nw(i)?;
            if !self.eq(o, "office") {
                return None;
            }
            j = o + 1;
        } else {
            return None;
        }
        if self.small_space(j) {
            j += 1;
        }
        if self.eq(i, "pob") {
            if self.punct(j, "#") {
                j += 1;
            }
            return self.unit_id(j).then_some(j);
        }
        if !self.eq(j, "box") {
            return None;
        }
        self.box_number(j)
    }

    /// The first line of a US military address: "PSC 0413, Box 8144", "CMR 402 Box 12",
    /// "Unit 4719 Box 7394" (a unit alone is left to the unit rules).
    fn military_box(&self, i: usize) -> Option<usize> {
        let num = self.nw(i).filter(|&n| self.digits(n, 1, 5))?;
        let mut b = num + 1;
        if self.punct(b, ",") {
            b += 1;
        }
        if self.small_space(b) {
            b += 1;
        }
        if !self.eq(b, "box") {
            return None;
        }
        self.box_number(b)
    }

    /// The last line of a US military address: "APO AA 42323", "FPO AP 96601-1234", "DPO
    /// AE 09498": the post office, the armed forces "state" and the ZIP code.
    fn military_post_office(&self, i: usize) -> Option<usize> {
        if self.toks[i].case != Case::Upper {
            return None;
        }
        let state = self.nw(i).filter(|&a| self.eq_any(a, &["aa", "ae", "ap"]))?;
        self.zip_at(self.nw(state)?)
    }

    /// The number after "Box": "Box 123", "Box #12".
    fn box_number(&self, b: usize) -> Option<usize> {
        let mut j = b + 1;
        if self.small_space(j) {
            j += 1;
        }
        if self.punct(j, "#") {
            j += 1;
            if self.small_space(j) {
                j += 1;
            }
        }
        self.unit_id(j).then_some(j)
    }

    /// "Rural Route 2", "Rural Route 2 Box 7", "RR 2 Box 15", "R.R. 3 Box 4", "RFD 2 Box 9",
    /// "HC 1 Box 5", "Route 2 Box 15". Bare "RR 2" is a respiratory rate and stays.
    fn rural_route(&self, i: usize) -> Option<usize> {
        let (num, needs_box) = if self.eq(i, "rural") {
            let r = self.nw(i)?;
            if !self.eq_any(r, &["route", "rte"]) {
                return None;
            }
            (self.nw(r)?, false)
        } else if self.eq_any(i, &["rr", "r.r", "rfd", "hc", "route", "rte"]) {
            let mut j = i + 1;
            if self.punct(j, ".") {
                j += 1;
            }
            if !self.small_space(j) {
                return None;
            }
            (j + 1, true)
        } else {
            return None;
        };
        if !self.digits(num, 1, 4) {
            return None;
        }
        // ("RR 3 Box 47", "Rural Route 3, Box 47")
        let after = if self.punct(num + 1, ",") && self.small_space(num + 2) { Some(num + 3) } else { self.nw(num) };
        let boxed = after.filter(|&b| self.is_word(b) && self.eq(b, "box")).and_then(|b| self.box_number(b));
        match boxed {
            Some(end) => Some(end),
            None if !needs_box => Some(num),
            None => None,
        }
    }

    /// A street name without a number at its suffix: "Fenwick Avenue", "the Elm Street
    /// Walmart", "Route 9", "Highway 101". Returns the suffix (or road number).
    fn bare_street(&mut self, s: usize) -> Option<usize> {
        let caseless = self.caseless(s);
        // "Route 9", "Highway 101", "Interstate 5"
        if self.in_set(s, &self.lists.highway) && (self.capish(s) || self.toks[s].case == Case::Lower) {
            if let Some(n) = self.road_number(s) {
                let lower_ok = caseless || self.cap(s) || self.pw(s).is_some_and(|p| self.eq_any(p, &["on", "off"]));
                if lower_ok {
                    let start =
                        self.pw(s).filter(|&p| self.cap(p) && self.eq_any(p, &["state", "county", "us", "u.s"]));
                    self.emit(start.unwrap_or(s), n, Kind::Location, "road number");
                    return Some(n);
                }
            }
        }
        if !self.eq_any(s, BARE_SUFFIX) || caseless && self.eq(s, "drive") {
            return None;
        }
        let suffix_ok =
            if caseless { true } else { self.cap(s) || (self.toks[s].case == Case::Lower && self.w(s).len() > 3) };
        if !suffix_ok {
            return None;
        }
        // "Non-ST elevation": a suffix glued by a hyphen to the word before it is no street's
        if s >= 2 && self.punct(s - 1, "-") && self.toks[s - 1].start == self.toks[s - 2].end {
            return None;
        }
        // "St" before a name is Saint; "St." ending a sentence is ambiguous but kept.
        if self.eq(s, "st") {
            if let Some(j) = self.next_in_name(s, false) {
                if self.cap(j) {
                    return None;
                }
            }
        }
        let mut first = None;
        let mut k = s;
        let mut names = 0;
        for _ in 0..4 {
            let Some(p) = self.prev_in_name(k, false) else { break };
            if !self.is_word(p) {
                // a house number before it: the address routine has seen it
                if self.digits(p, 1, 6) {
                    return None;
                }
                break;
            }
            let e = self.e(p);
            let ok = if self.ordinal(p) {
                true
            } else if caseless {
                !e.has(PLACE_BLOCK | bits::CLINICAL | bits::MEDICAL | bits::PERSON_VERB)
            } else {
                self.cap(p) && !e.has(PLACE_BLOCK) && (!e.has(bits::CLINICAL) || e.has(PLACE_FLAGS))
            };
            if !ok {
                break;
            }
            first = Some(p);
            names += 1;
            k = p;
            if caseless && names == 2 {
                break;
            }
        }
        let first = first?;
        if caseless {
            let cue = self.pw(first).is_some_and(|p| {
                self.eq_any(p, &["on", "off", "near", "at", "along", "down", "up", "across", "onto", "from", "to"])
            });
            let strong = (first..s).any(|p| self.is_word(p) && strong_proper(self.e(p)));
            if !(cue || strong) {
                return None;
            }
        } else if first + 2 == s
            && self.e(s).surname() >= 100
            && self.e(first).first() >= 100
            && self.e(first).first() >= self.e(first).place_pop()
        {
            // "Mary Lane", "Joe Street": a person
            return None;
        }
        self.emit(first, s, Kind::Location, "street name");
        Some(s)
    }

    fn is_direction(&self, i: usize) -> bool {
        self.eq_any(i, DIRECTIONS)
    }

    // ----------------------------------------------------------------------------------
    // ZIP codes and states
    // ----------------------------------------------------------------------------------

    /// The ZIP code (and ZIP+4) that starts at `i`, if it is one: returns its last token.
    fn zip_at(&self, i: usize) -> Option<usize> {
        if !self.digits(i, 5, 5) {
            return None;
        }
        // not part of a longer number ("87001-12345", "87001.5")
        if self.punct(i + 1, "-") && self.digits(i + 2, 4, 4) {
            if self.class(i + 3) == Some(Class::Number) || self.is_word(i + 3) {
                return None;
            }
            return Some(i + 2);
        }
        if matches!(self.class(i + 1), Some(Class::Word | Class::Number)) {
            return None;
        }
        Some(i)
    }

    /// A state that ends at word `k` ("NM", "Illinois", "New Mexico"): returns its first token.
    fn state_ending_at(&mut self, k: usize) -> Option<usize> {
        if !self.is_word(k) {
            return None;
        }
        if self.state_abbr(k) {
            return Some(k);
        }
        let e = self.e(k);
        let cap_ok = |s: &Self, i: usize| s.capish(i);
        if e.has(bits::US_STATE) && cap_ok(self, k) && !self.prev_in_name(k, false).is_some_and(|p| self.cap(p)) {
            return Some(k);
        }
        // two- and three-word states
        if !self.eq_any(k, STATE_LAST_WORDS) {
            return (e.has(bits::US_STATE) && cap_ok(self, k)).then_some(k);
        }
        let mut a = k;
        for _ in 0..2 {
            let p = self.prev_in_name(a, false)?;
            if !cap_ok(self, p) && !self.eq(p, "of") {
                return None;
            }
            a = p;
            self.phrase_key(a, k);
            if self.note.lex.get(&self.key).has(bits::US_STATE) {
                return Some(a);
            }
        }
        if e.has(bits::US_STATE) && cap_ok(self, k) {
            return Some(k);
        }
        None
    }

    /// A state that starts at word `j`: returns (last token, written as an abbreviation).
    fn state_starting_at(&mut self, j: usize) -> Option<(usize, bool)> {
        if !self.is_word(j) {
            return None;
        }
        if self.state_abbr(j) {
            return Some((j, true));
        }
        if !self.capish(j) {
            return None;
        }
        let mut b = j;
        let mut found = None;
        let multi = self.eq_any(j, STATE_FIRST_WORDS);
        for _ in 0..if multi { 2 } else { 0 } {
            let Some(n) = self.next_in_name(b, false) else { break };
            if !(self.capish(n) || self.eq(n, "of")) {
                break;
            }
            b = n;
            self.phrase_key(j, b);
            if self.note.lex.get(&self.key).has(bits::US_STATE) {
                found = Some(b);
            }
        }
        if let Some(b) = found {
            return Some((b, false));
        }
        self.e(j).has(bits::US_STATE).then_some((j, false))
    }

    /// A two-letter state abbreviation: upper case ("NM"), or any case in a CASELESS line.
    fn state_abbr(&self, k: usize) -> bool {
        let t = self.toks[k];
        t.class == Class::Word
            && t.end - t.start == 2
            && t.entry.has(bits::STATE_ABBR)
            && (t.case == Case::Upper || t.has(CASELESS))
    }

    /// True if word `k` names a town's police: "pd", "police", "sheriff" (and "sheriff's"),
    /// "sheriffs".
    fn police(&self, k: usize) -> bool {
        self.eq_any(k, &["pd", "police", "sheriff", "sheriffs"])
    }

    /// True if a state's two-letter code that is no word of a note follows word `last` in a
    /// CASELESS line, after a space or a comma ("mcpherson ks", "amarillo, tx"; not "me",
    /// "ms", "md", "pa", "ct", "mi", "sd").
    fn state_code_after(&self, last: usize) -> bool {
        const CODES: &[&str] = &[
            "ak", "az", "fl", "ia", "ks", "ky", "mn", "nc", "nd", "nh", "nj", "nm", "nv", "ny", "ri", "tn", "tx", "ut",
            "wi", "wv", "wy",
        ];
        let mut k = last + 1;
        if self.punct(k, ",") {
            k += 1;
        }
        self.class(k) == Some(Class::Space)
            && self.nw(k - 1).is_some_and(|s| self.state_abbr(s) && self.caseless(s) && self.lower_in(s, CODES))
    }

    /// The ZIP code `i..=end` after a state, and the city before the state when no comma
    /// separates them ("Joshuaville NM 87001").
    fn zip_after_state(&mut self, i: usize, end: usize) -> Option<usize> {
        let mut p = i.checked_sub(1)?;
        if self.punct(p, ",") {
            p = p.checked_sub(1)?;
        } else if self.class(p) == Some(Class::Space) {
            p = self.pw(i)?;
        } else {
            return None;
        }
        let s = self.state_ending_at(p)?;
        // a code that is also a label or a credential ("Member ID 12345", "LINE ID 88213",
        // "Smith MD 20814") has a town before it only if that is a listed one: "Boise ID
        // 83702"
        let label_code = s == p && self.eq_any(s, super::states::LABEL_STATE_CODES);
        let mut city = None;
        if let Some(q) = self.pw(s) {
            if self.capish(q) && !self.e(q).has(bits::STATE_ABBR) {
                city = self.city_run_before(q);
            }
        }
        // (the number is still taken for a ZIP: a label's identifier wins over it)
        self.emit(i, end, Kind::Zip, "ZIP after state");
        if label_code && !city.is_some_and(|run| self.place_entry(run.first(), run.last()).has(PLACE_FLAGS)) {
            return Some(end);
        }
        if let Some(run) = city {
            self.emit(run.first(), run.last(), Kind::City, "city before state");
        }
        Some(end)
    }

    /// A British postcode ("LS6 2AB", "SW1A 1AA", "M14 5RT") or a Canadian one ("K1A
    /// 0B1") that starts at word `i`, in capitals with one space between its halves: its
    /// last token. The shapes are strict (a British inward half never holds C, I, K, M, O
    /// or V), so "T2 N0", "B12 level" or "L4 5" are none.
    #[cold]
    fn postcode(&mut self, i: usize) -> Option<usize> {
        let j = i + 2;
        if self.class(i + 1) != Some(Class::Space) || self.w(i + 1) != " " || !self.is_word(j) {
            return None;
        }
        let (a, b) = (self.w(i).as_bytes(), self.w(j).as_bytes());
        let up = |c: &u8| c.is_ascii_uppercase();
        let dig = |c: &u8| c.is_ascii_digit();
        // the outward half: A9, A99, AA9, AA99, A9A, AA9A
        let letters = a.iter().take_while(|c| up(c)).count();
        let rest = &a[letters..];
        let outward = (1..=2).contains(&letters)
            && match rest {
                [d] => dig(d),
                [d, x] => dig(d) && (dig(x) || up(x)),
                _ => false,
            };
        let inward_letter = |c: &u8| up(c) && !b"CIKMOV".contains(c);
        let british = outward && matches!(b, [d, x, y] if dig(d) && inward_letter(x) && inward_letter(y));
        let canada_letter = |c: &u8| up(c) && !b"DFIOQU".contains(c);
        let canadian = matches!(a, [x, d, y] if canada_letter(x) && !b"WZ".contains(x) && dig(d) && canada_letter(y))
            && matches!(b, [d, x, e] if dig(d) && canada_letter(x) && dig(e));
        if !(british || canadian) {
            return None;
        }
        self.emit(i, j, Kind::Zip, "postcode shape");
        Some(j)
    }

    /// "zip 87001", "ZIP code: 87001-1234", "postal code K1A 0B1", "postcode SW1A 1AA".
    fn zip_label(&mut self, i: usize) -> Option<usize> {
        let mut j = i;
        let lw = self.lower(i);
        let postal = match lw.as_bytes() {
            b"zip" | b"zipcode" => false,
            b"postcode" | b"postal" | b"post" => true,
            _ => return None,
        };
        if matches!(lw.as_bytes(), b"postal" | b"post" | b"zip") {
            if let Some(c) = self.nw(i).filter(|&c| self.eq(c, "code")) {
                j = c;
            } else if !self.eq(i, "zip") {
                return None;
            }
        }
        // separators: ":", "#", "-", "is", "of"; "/postal code" ("Zip/Postal: 8592")
        let mut k = j + 1;
        for _ in 0..6 {
            match self.class(k) {
                Some(Class::Space) => k += 1,
                Some(Class::Punct) if matches!(self.w(k), ":" | "#" | "-" | "=" | "/") => k += 1,
                Some(Class::Word) if self.eq_any(k, &["is", "of", "postal", "code"]) => k += 1,
                _ => break,
            }
        }
        if let Some(end) = self.zip_at(k) {
            self.emit(k, end, Kind::Zip, "labelled ZIP");
            return Some(end);
        }
        // after a ZIP label, a number of another country's length is its postal code too
        // ("ZIP: 3520", "zip code is 880", "ZIP: 394 13"); "zip 2 bags" is not one
        if !postal && !self.digits(k, 3, 9) {
            return None;
        }
        // alphanumeric postal codes: one or two short parts with a digit
        let code_part = |s: &Self, x: usize| {
            matches!(s.class(x), Some(Class::Word | Class::Number))
                && s.w(x).len() <= 6
                && s.w(x).bytes().all(|b| b.is_ascii_alphanumeric())
                && s.has_digit(x)
        };
        if !code_part(self, k) {
            return None;
        }
        let mut end = k;
        if let Some(n) = self.nw(k).filter(|&n| code_part(self, n) && self.w(n).len() <= 4) {
            end = n;
        }
        self.emit(k, end, Kind::Zip, "labelled postal code");
        Some(end)
    }

    /// A comma followed by a state ("Joshuaville, NM", "Springfield, Illinois") or a country
    /// ("Lyon, France"): the capitalised words before the comma are a city.
    fn comma(&mut self, c: usize) {
        let Some(last) = c.checked_sub(1) else { return };
        if !self.capish(last) {
            return;
        }
        let Some(j) = self.nw(c) else { return };
        let (state_end, abbr, country) = match self.state_starting_at(j) {
            Some((b, abbr)) => (b, abbr, false),
            None => {
                if !(self.cap(j) && self.e(j).has(bits::COUNTRY)) || self.caseless(j) {
                    return;
                }
                (j, false, true)
            }
        };
        // "PA-C", "MD/PhD": a credential, not a state
        if self.punct(state_end + 1, "-") || self.punct(state_end + 1, "/") {
            return;
        }
        let zip = self.nw(state_end).is_some_and(|z| self.zip_at(z).is_some());
        let Some(run) = self.city_run_before(last) else { return };
        let (first, end) = (run.first(), run.last());
        let caseless = self.caseless(first);
        let pe = self.place_entry(first, end);
        let dict = pe.has(bits::US_CITY | bits::WORLD_CITY) && !pe.has(bits::COUNTRY) && !namey(pe, 10)
            || pe.has(bits::US_COUNTY);
        if pe.has(bits::US_STATE) && !(abbr && (zip || pe.has(bits::US_CITY))) {
            return;
        }
        let cued = matches!(self.cue_before(first), Cue::Strong | Cue::Weak | Cue::WeakIn);
        let placey = self.placey(end);
        let ambiguous = if abbr { self.eq_any(state_end, AMBIGUOUS_ABBR) } else { country || self.e(j).first() >= 110 };
        let namey = run.len <= 2 && self.e(first).name() >= 110 && !dict;
        let ok = zip
            || dict
            || cued
            || (placey && !namey)
            || (!ambiguous && !caseless && !namey && !self.person_like(first, end));
        if ok {
            self.emit(first, end, Kind::City, "city before state");
        }
    }

    /// Two capitalised words that read as a person ("Jane Doe").
    fn person_like(&self, first: usize, end: usize) -> bool {
        first != end && self.e(first).first() >= 110 && self.e(end).surname() >= 90
    }

    /// An unknown word that ends like a town ("Joshuaville", "Carverton").
    fn placey(&mut self, k: usize) -> bool {
        if !self.is_word(k) {
            return false;
        }
        normalize_into(self.w(k), &mut self.tmp);
        let w = self.tmp.as_str();
        PLACEY_ENDINGS.iter().any(|s| w.len() > s.len() + 2 && w.ends_with(s))
    }

    /// The capitalised words that end at word `last` and can be a city name before ", ST":
    /// the longest listed place among their tails, else the words after a street suffix
    /// (an address without a comma), else up to three words.
    fn city_run_before(&mut self, last: usize) -> Option<Run> {
        let caseless = self.caseless(last);
        if !self.city_word(last, caseless) {
            return None;
        }
        // collect backwards (at most 4 words), then reverse
        let mut rev = [last; 4];
        let mut n = 1;
        let mut k = last;
        while n < 4 {
            let Some(p) = self.prev_in_name(k, false) else { break };
            if self.city_word(p, caseless) {
                rev[n] = p;
                n += 1;
                k = p;
            } else if self.connector(p) && !caseless {
                match self.prev_in_name(p, false) {
                    Some(q) if self.city_word(q, caseless) && n + 1 < 4 => {
                        rev[n] = p;
                        rev[n + 1] = q;
                        n += 2;
                        k = q;
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        // longest listed place among the tails
        for m in (2..=n).rev() {
            let a = rev[m - 1];
            self.phrase_key(a, last);
            if self.lookup_key().has(bits::US_CITY | bits::WORLD_CITY | bits::US_COUNTY) {
                return Some(run_between(a, last, &rev[..m]));
            }
        }
        // cut after a street suffix, unit or house-number word ("Hamilton Rd Joshuaville")
        let mut m = n;
        for x in 1..n {
            let p = rev[x];
            if self.e(p).has(bits::STREET_SUFFIX | bits::UNIT) && !self.e(rev[x - 1]).has(bits::STREET_SUFFIX) {
                m = x;
                break;
            }
        }
        let m = m.min(3);
        // a listed town after words that are not part of its name ("Visited Paris")
        let lone = self.e(last);
        if m > 1
            && lone.has(bits::US_CITY | bits::WORLD_CITY)
            && !lone.has(bits::US_STATE)
            && !(self.is_direction(rev[1]) || self.e(rev[1]).has(bits::PLACE_PREFIX))
        {
            return Some(Run::new(last));
        }
        // drop leading connectors and plain common words ("Visited Joshuaville")
        let mut m2 = m;
        while m2 > 1
            && (self.connector(rev[m2 - 1])
                || common_word(self.e(rev[m2 - 1]))
                    && !self.e(rev[m2 - 1]).has(bits::PLACE_PREFIX)
                    && !self.is_direction(rev[m2 - 1]))
        {
            m2 -= 1;
        }
        Some(run_between(rev[m2 - 1], last, &rev[..m2]))
    }

    /// A word that may be part of a city name before a state.
    fn city_word(&mut self, k: usize, caseless: bool) -> bool {
        if !self.is_word(k) || self.has_digit(k) {
            return false;
        }
        let e = self.e(k);
        if e.has(PLACE_BLOCK) && !e.has(PLACE_FLAGS) {
            return false;
        }
        if e.has(bits::CLINICAL) && !e.has(PLACE_FLAGS) {
            return false;
        }
        if caseless {
            return !e.has(bits::PERSON_VERB) && !self.weekday_plural(k);
        }
        self.cap(k) && !self.weekday_plural(k)
    }

    /// After an address or a facility: ", Bellmont", ", San Marcos Heights 92078",
    /// ", north carverton 01863", " - north liberty". The town that follows a street address.
    fn city_after(&mut self, k: usize) {
        let mut j = k + 1;
        if self.punct(j, ".") {
            j += 1;
        }
        if self.punct(j, ",") {
            j += 1;
        } else if self.small_space(j) && (self.punct(j + 1, "-") || self.punct(j + 1, "\u{2013}")) {
            // "UnityPoint Clinic - North Liberty"
            j += 2;
        } else {
            return;
        }
        if !self.small_space(j) {
            return;
        }
        j += 1;
        if !self.is_word(j) || self.unit_at(j).is_some() {
            return;
        }
        let caseless = self.caseless(j);
        if !self.city_word(j, caseless) {
            return;
        }
        let mut run = Run::new(j);
        let mut x = j;
        while run.len < 3 {
            match self.next_in_name(x, false) {
                Some(n) if self.city_word(n, caseless) && !self.state_abbr(n) => {
                    if self.e(n).has(bits::US_STATE) && self.state_starting_at(n).is_some() && !self.caseless(n) {
                        break;
                    }
                    run.push(n);
                    x = n;
                }
                _ => break,
            }
        }
        let last = run.last();
        // what follows: the end of a line or sentence, a state, a ZIP
        let after = last + 1;
        let zip_next = self.nw(last).and_then(|z| self.zip_at(z));
        let state_next = self.punct(after, ",") && self.nw(after).is_some_and(|s| self.state_starting_at(s).is_some())
            || self.nw(last).is_some_and(|s| self.state_abbr(s));
        let ends = match self.class(after) {
            None | Some(Class::Newline) => true,
            Some(Class::Punct) => matches!(self.w(after), "." | ";" | ")" | "," | ":" | "\u{2014}"),
            _ => false,
        };
        if !(ends || zip_next.is_some() || state_next) {
            return;
        }
        // at least one word that is not a plain common word
        let telling = run.as_slice().iter().any(|&r| {
            let e = self.e(r);
            e.word() == 0 || e.word() <= 120 || e.place_pop() > 0
        });
        // (or a listed place of common words: "Lone Tree", "Pleasant Hill")
        if !(telling || zip_next.is_some() || state_next || self.place_entry(j, last).has(PLACE_FLAGS)) {
            return;
        }
        if let Some(z) = zip_next {
            if let Some(zs) = self.nw(last) {
                self.emit(zs, z, Kind::Zip, "ZIP after city");
            }
        }
        self.emit(j, last, Kind::City, "city after address");
    }

    // ----------------------------------------------------------------------------------
    // Places
    // ----------------------------------------------------------------------------------

    /// Builds the normalised phrase key of tokens `a..=b` into `self.key` (one space for
    /// each space).
    fn phrase_key(&mut self, a: usize, b: usize) {
        self.key.clear();
        for k in a..=b.min(self.toks.len().saturating_sub(1)) {
            let t = self.toks[k];
            match t.class {
                Class::Space => self.key.push(' '),
                _ => {
                    normalize_into(t.text(self.text), &mut self.tmp);
                    self.key.push_str(&self.tmp);
                }
            }
        }
    }

    /// Looks up `self.key`, also trying "st " as "st. " and "saint ", "ft " as "fort ",
    /// "mt " as "mount ".
    fn lookup_key(&mut self) -> Entry {
        let e = self.note.lex.get(&self.key);
        if !e.is_unknown() {
            return e;
        }
        let alts: &[(&str, &[&str])] =
            &[("st ", &["st. ", "saint "]), ("st. ", &["saint "]), ("ft ", &["fort "]), ("mt ", &["mount "])];
        for (from, tos) in alts {
            if let Some(rest) = self.key.strip_prefix(from) {
                for to in tos.iter() {
                    self.tmp.clear();
                    self.tmp.push_str(to);
                    self.tmp.push_str(rest);
                    let e = self.note.lex.get(&self.tmp);
                    if !e.is_unknown() {
                        return e;
                    }
                }
            }
        }
        e
    }

    /// The dictionary entry of the phrase `a..=b` (the token's own entry for one word).
    fn place_entry(&mut self, a: usize, b: usize) -> Entry {
        if a == b {
            return self.e(a);
        }
        self.phrase_key(a, b);
        self.lookup_key()
    }

    /// Words that continue a place name after `i`: capitalised words (any non-blocked word
    /// in a CASELESS line), with lower-case connectors inside ("Truth or Consequences").
    fn place_run(&self, i: usize, caseless: bool) -> Run {
        let mut run = Run::new(i);
        let mut k = i;
        while run.len < 4 {
            let Some(j) = self.next_in_name(k, false) else { break };
            if !self.is_word(j) || self.has_digit(j) {
                break;
            }
            let ok = if caseless {
                !self.e(j).has(PLACE_BLOCK) || self.e(j).has(bits::PLACE_PREFIX)
            } else {
                self.cap(j) && !self.e(j).has(PLACE_BLOCK)
            };
            if ok {
                run.push(j);
                // a repeated word ends the run after it ("Walla Walla"; not "Boston Boston ...")
                if self.w(j).eq_ignore_ascii_case(self.w(k)) {
                    break;
                }
                k = j;
                continue;
            }
            if self.connector(j) && (caseless || self.toks[j].case == Case::Lower) {
                if let Some(n) = self.next_in_name(j, false) {
                    let n_ok = if caseless { !self.e(n).has(PLACE_BLOCK) } else { self.cap(n) };
                    if n_ok && self.is_word(n) && run.len + 2 <= 4 {
                        run.push(j);
                        run.push(n);
                        k = n;
                        continue;
                    }
                }
            }
            break;
        }
        run
    }

    /// True if a phrase from word `a` to word `b` can be a multi-word place at all: one end
    /// is a place word, a place prefix, a street-type or place noun, or a word no list knows
    /// (this skips "Jonathan Smith" and "Mental Status Exam" without a look-up, and keeps
    /// 98% of the population of multi-word towns).
    fn multi_place_possible(&self, a: usize, b: usize) -> bool {
        let (ea, eb) = (self.e(a), self.e(b));
        let ends = PLACE_FLAGS | bits::PLACE_PREFIX;
        if ea.has(bits::CLINICAL) || eb.has(bits::CLINICAL) {
            return false;
        }
        // "Mercy Ridge Hospital", "Greystone University": a facility, not a town
        if eb.has(bits::FACILITY_HEAD) && !eb.has(bits::STREET_SUFFIX | PLACE_FLAGS) {
            return false;
        }
        let place_noun =
            |s: &Self| eb.has(bits::STREET_SUFFIX) || s.eq_any(b, &["city", "town", "coast", "side", "oaks", "arrow"]);
        let hyphen = self.punct(a + 1, "-");
        let titles = self.toks[a].case == Case::Title && self.toks[b].case == Case::Title;
        if ea.first() >= 100 && !ea.has(bits::PLACE_PREFIX) {
            // "Peter Healey", "Alan Greer"; but "Madison Heights", "Lincoln Park", "Winston-Salem"
            return place_noun(self) || hyphen && titles && eb.has(PLACE_FLAGS);
        }
        // "C-SSRS", "Kerry-Ann": a hyphenated place has two Title Case halves
        if hyphen && !titles {
            return false;
        }
        ea.has(ends)
            || self.eq(a, "united")
            || eb.has(PLACE_FLAGS)
            || place_noun(self)
            || ea.word() == 0 && ea.name() == 0 && eb.word() == 0 && eb.name() == 0
    }

    /// Longest listed place that starts the run: (number of words, entry), or (0, NONE).
    fn longest_place(&mut self, run: &Run) -> (usize, Entry) {
        for n in (2..=run.len).rev() {
            let last = run.idx[n - 1];
            // "Truth or Consequences", "Rio de Janeiro": a connector inside is telling enough
            let connector = run.idx[1..n - 1].iter().any(|&k| self.connector(k));
            if self.connector(last) || !connector && !self.multi_place_possible(run.first(), last) {
                continue;
            }
            self.phrase_key(run.first(), last);
            let e = self.lookup_key();
            if e.has(PLACE_FLAGS) {
                return (n, e);
            }
        }
        let e = self.e(run.first());
        if e.has(PLACE_FLAGS) {
            (1, e)
        } else {
            (0, Entry::NONE)
        }
    }

    /// Cheap test: can the words before `i` be a facility cue at all ("at", "to", "from",
    /// "of", "for", "by", "attends")?
    fn facility_cue_possible(&self, i: usize) -> bool {
        let Some(mut p) = self.pw(i) else { return false };
        if self.eq(p, "the") {
            match self.pw(p) {
                Some(q) => p = q,
                None => return false,
            }
        }
        let w = self.w(p);
        self.is_word(p)
            && (self.e(p).has(bits::STOPWORD) && w.len() <= 4
                || w.len() >= 6 && w.as_bytes()[..6].eq_ignore_ascii_case(b"attend"))
    }

    /// The cue before word `i`.
    fn cue_before(&self, i: usize) -> Cue {
        let Some(mut p1) = self.pw(i) else {
            return if self.affiliation_slot(i) { Cue::Facility } else { Cue::None };
        };
        let mut the = false;
        if self.eq(p1, "the") {
            the = true;
            p1 = match self.pw(p1) {
                Some(p) => p,
                None => return Cue::None,
            };
        }
        if !self.is_word(p1) {
            return Cue::None;
        }
        let p2 = self.pw(p1).filter(|&p| self.is_word(p));
        let is2 = |list: &[&str]| p2.is_some_and(|p| self.eq_any(p, list));
        let is3 = |list: &[&str]| {
            p2.and_then(|p| self.pw(p)).filter(|&p| self.is_word(p)).is_some_and(|p| self.eq_any(p, list))
        };
        let w1 = self.lower(p1);
        let cue = match w1.as_bytes() {
            b"in" | b"near" | b"outside" | b"around" | b"at" => {
                if is2(LIVE_VERBS) || (is2(&["up"]) && is3(GROW)) || w1.as_bytes() != b"at" && is2(DWELLINGS) {
                    Cue::Strong
                } else if w1.as_bytes() == b"at" {
                    let person = p2.is_some_and(|p| self.e(p).has(bits::PERSON_CUE) && !self.e(p).has(bits::STOPWORD));
                    // "dr nguyen at methodist northlake", "Dr. Okafor at Mercy"
                    let titled = || p2.is_some_and(|p| self.person_before(p));
                    if person || is2(FAC_AT) || titled() {
                        Cue::Facility
                    } else {
                        Cue::None
                    }
                } else {
                    Cue::WeakIn
                }
            }
            b"to" | b"from" => {
                let to = w1.as_bytes() == b"to";
                if is2(MOVE_VERBS) || (is2(&["back"]) && is3(MOVE_VERBS)) {
                    Cue::Strong
                } else if to && (is2(FAC_TO) || self.caseless(i) && is2(FAC_TO_CASELESS)) || !to && is2(FAC_FROM) {
                    Cue::Facility
                } else if to && p2.is_some_and(|p| self.after_strong_from(p)) {
                    // "moved from Austin to Jackson"
                    Cue::Strong
                } else {
                    Cue::Weak
                }
            }
            b"on" if is2(LIVE_VERBS) || is2(DWELLINGS) => Cue::Street,
            b"of" if is2(OF_PLACE) => Cue::Strong,
            b"of" if is2(OF_MEMBER) => Cue::Facility,
            b"for" if is2(WORK_VERBS) => Cue::Facility,
            b"by" if is2(&["employed", "hired", "employs"]) => Cue::Facility,
            b"attends" | b"attend" | b"attending" | b"attended" => Cue::Facility,
            b"visiting" | b"visited" | b"visit" | b"visits" | b"toward" | b"towards" => Cue::Weak,
            b"hometown" => Cue::Strong,
            _ => Cue::None,
        };
        if the && matches!(cue, Cue::Weak | Cue::WeakIn) {
            return Cue::None;
        }
        cue
    }

    /// True if the capitalised words from `i` on, two or more, fill the slot of a workplace:
    /// a field labelled "Employer:", "Practice:", "Agency:" ("Employer: Midwest Cold
    /// Storage"), or the words after a clinician's name and credential ("Lee, PhD, Front
    /// Range Neuropsychology"). One word alone may be a state of work ("Employer: Retired"),
    /// and so may two ("Employer: Self Employed"); after a credential, a job title is no
    /// workplace ("Lee, PhD, Staff Psychologist").
    #[inline(never)]
    fn affiliation_slot(&self, i: usize) -> bool {
        const LABELS: &[&str] = &["employer", "workplace", "practice", "agency", "facility", "clinic", "pharmacy"];
        // (the names detector's credentials, and degrees that follow a name in a signature)
        const DEGREES: &[&str] = &["ph.d", "psy.d", "do", "ma", "ms", "edd", "ed.d"];
        // (first where the slot is: a label's colon or a credential's comma, one space before)
        if i < 3 || !self.small_space(i - 1) {
            return false;
        }
        let p = i - 2;
        let slot = if self.punct(p, ":") {
            self.is_word(p - 1) && self.eq_any(p - 1, LABELS)
        } else if self.punct(p, ",") {
            // "Name, PhD, Practice": the credential after a comma, its period
            let mut c = p - 1;
            if self.punct(c, ".") && c >= 1 {
                c -= 1;
            }
            self.is_word(c)
                && self.toks[c].case != Case::Lower
                && (self.eq_any(c, super::names::CREDENTIALS) || self.eq_any(c, DEGREES))
                && c >= 2
                && self.punct(c - 2, ",")
        } else {
            false
        };
        if !slot
            || !self.cap(i)
            || !self.next_in_name(i, false).is_some_and(|j| self.cap(j))
            || self.eq_any(i, &["self", "not", "none", "no", "unemployed", "retired", "disabled"])
        {
            return false;
        }
        // (nor a job title: "Lee, PhD, Licensed Clinical Psychologist", "Charge Nurse")
        let mut k = i;
        for _ in 0..6 {
            let job = super::names::is_job_head(self.w(k))
                || self.eq_any(k, &["nurse", "physician", "chaplain", "intern", "resident", "fellow", "program"]);
            if job {
                return false;
            }
            match self.next_in_name(k, true) {
                Some(j) if self.cap(j) => k = j,
                _ => break,
            }
        }
        true
    }

    /// True if the capitalised words ending at `p` follow a strong "from" cue ("moved from
    /// Austin").
    fn after_strong_from(&self, p: usize) -> bool {
        if !self.cap(p) {
            return false;
        }
        let mut start = p;
        for _ in 0..3 {
            match self.prev_in_name(start, false) {
                Some(q) if self.cap(q) => start = q,
                _ => break,
            }
        }
        self.pw(start).is_some_and(|f| self.eq(f, "from")) && self.cue_before(start) == Cue::Strong
    }

    /// A word after the place that makes it one ("Boston native", "Dunmore area").
    fn post_cue(&self, last: usize) -> bool {
        let after = match self.class(last + 1) {
            Some(Class::Space) => self.nw(last),
            _ => return false,
        };
        after.is_some_and(|a| (!self.cap(a) || self.caseless(a)) && self.lower_in(a, POST_CUES))
    }

    /// True if a clinical head noun follows: "Norwalk virus", "Lyme disease", "St. John's
    /// Wort" name an illness or a remedy, not a place.
    fn clinical_head_after(&self, last: usize) -> bool {
        let from = if self.class(last + 1) == Some(Class::Possessive) { last + 1 } else { last };
        self.nw(from).is_some_and(|j| {
            (from > last || self.toks[j].case == Case::Lower || self.caseless(j)) && self.lower_in(j, CLINICAL_HEADS)
        })
    }

    /// True if the place reads as part of a person's name: a first name before a place that
    /// is also a surname ("Carol Beaumont"), or a surname after a place that is also a first
    /// name ("Paris Hilton").
    fn person_around(&self, i: usize, last: usize, pe: Entry) -> bool {
        let before = self.prev_in_name(i, false).is_some_and(|p| {
            let e = self.e(p);
            self.cap(p) && e.first() >= 100 && e.first() > e.place_pop() && (pe.surname() >= 80 || pe.place_pop() < 130)
        });
        let after = self.next_in_name(last, false).is_some_and(|n| {
            let e = self.e(n);
            self.cap(n) && e.surname() >= 90 && e.word() < 150 && pe.first() >= 90
        });
        before || after
    }

    /// True if the capitalised words after the place end in an instrument noun
    /// ("Edinburgh Postnatal Depression Scale").
    fn instrument_after(&self, last: usize) -> bool {
        let mut k = last;
        for _ in 0..4 {
            match self.next_in_name(k, false) {
                Some(n) if self.cap(n) => {
                    if self.lower_in(n, INSTRUMENT_HEADS) {
                        return true;
                    }
                    // a title starts a person, not an instrument ("Springfield Dr Jonathan
                    // Kowalczyk Assessment")
                    if self.e(n).has(bits::TITLE) {
                        return false;
                    }
                    k = n;
                }
                _ => return false,
            }
        }
        false
    }

    /// True if a title, a person cue or a person's code stands right before `i` ("Dr.
    /// Austin", "son Dallas", "M.T. Wa").
    fn person_before(&self, i: usize) -> bool {
        let Some(mut p) = self.note.prev_nonspace(i) else { return false };
        if self.punct(p, ".") {
            match p.checked_sub(1) {
                Some(q) => p = q,
                None => return false,
            }
        }
        // the tool's own code of a person: the word after it was read with the name it replaced
        self.is_word(p) && self.e(p).has(bits::TITLE | bits::PERSON_CUE)
            || crate::segment::is_own_marker(self.text, self.toks, p) && self.w(p).contains('.')
    }

    /// A place starting at word `i` (capitalised, or in a CASELESS line).
    fn place_at(&mut self, i: usize) -> Option<usize> {
        let t = self.toks[i];
        let caseless = t.has(CASELESS);
        let e = t.entry;
        // (a weekday or a month may begin a listed place of several words: "Sun City West",
        // "Sun Prairie"; see `several_only` below)
        let calendar =
            !caseless && e.has(bits::MONTH | bits::WEEKDAY) && !e.has(bits::STOPWORD | bits::TITLE | bits::PERSON_CUE);
        if e.has(PLACE_BLOCK) && !e.has(bits::PLACE_PREFIX) && !calendar || self.w(i).as_bytes()[0].is_ascii_digit() {
            return None;
        }
        if calendar && !self.listed_place_of_words(i) {
            return None;
        }
        let placeish = e.has(PLACE_FLAGS) && word_ok(e) || e.has(bits::PLACE_PREFIX) || unknownish(e);
        if caseless && !placeish {
            // only a facility cue can make a plain word a place here
            if !self.facility_cue_possible(i) {
                return None;
            }
            return match self.cue_before(i) {
                Cue::Facility => self.facility_after_cue(i),
                _ => None,
            };
        }
        let cue = self.cue_before(i);
        if cue == Cue::Facility {
            if let Some(end) = self.facility_after_cue(i) {
                return Some(end);
            }
        }
        if cue == Cue::Street {
            return self.street_after_cue(i);
        }
        // a medical word or a drug is a place only as the first word of a listed place of
        // several words after a cue ("grew up in Storm Lake", "raised in Silver Springs")
        let medical = e.has(bits::CLINICAL | bits::DRUG) && !e.has(PLACE_FLAGS);
        if medical && matches!(cue, Cue::None | Cue::Facility)
            || (e.has(bits::CLINICAL) && matches!(cue, Cue::None | Cue::Facility))
        {
            return None;
        }
        // a single word no list has, with no cue before it and no capitalised word after it:
        // only "X native" can still make it a place
        let next_cap = self.next_in_name(i, false).is_some_and(|j| {
            self.capish(j)
                || self.toks[j].case == Case::Lower
                    && self.connector(j)
                    && self.next_in_name(j, false).is_some_and(|k| self.capish(k))
        });
        // (such a word, or a weekday or a month, starts a place of several words or none)
        let several_only = medical || calendar;
        if several_only && !next_cap {
            return None;
        }
        if !e.has(PLACE_FLAGS | bits::PLACE_PREFIX) && matches!(cue, Cue::None | Cue::Facility) && !next_cap {
            return (!caseless && self.post_cue(i)).then(|| self.unlisted_place(i, &Run::new(i), false, false))?;
        }
        let run = if next_cap { self.place_run(i, caseless) } else { Run::new(i) };
        let multi_ok = run.len >= 2
            && (!caseless
                || e.has(bits::PLACE_PREFIX)
                || e.has(PLACE_FLAGS) && e.word() == 0
                || !matches!(cue, Cue::None | Cue::Facility));
        let (n, pe) = if multi_ok {
            self.longest_place(&run)
        } else if e.has(PLACE_FLAGS) {
            (1, e)
        } else {
            (0, Entry::NONE)
        };
        if several_only && n < 2 {
            return None;
        }
        if n > 0 {
            let mut last = run.idx[n - 1];
            // a listed town and a town's last word is another town: "Larchmont Springs",
            // "Corbin Heights" (not after a state or a country: "Ohio Valley")
            if n < run.len && !pe.has(bits::US_STATE | bits::COUNTRY) && self.town_suffix(run.idx[n]) {
                last = run.idx[n];
            }
            if self.nw(last).is_some_and(|a| self.area(a)) {
                // "Eastwood neighborhood", "Orange County": the area word decides
                return None;
            }
            let strength = if self.post_cue(last) { Cue::Strong } else { cue };
            if self.is_home_country(i, last) {
                return Some(last);
            }
            if pe.has(bits::US_STATE) {
                // a state is kept, and its words are not looked at again ("New Mexico")
                return Some(last);
            }
            let country = pe.has(bits::COUNTRY);
            if self.accept_place(i, last, n, pe, strength, caseless, country) {
                let kind = if country { Kind::Location } else { Kind::City };
                self.emit(i, last, kind, if strength == Cue::None { "place name" } else { "place cue" });
                return Some(last);
            }
            return None;
        }
        // not listed: a capitalised name after a strong cue, or after "in" when unknown
        if self.nw(run.last()).is_some_and(|a| self.area(a)) {
            return None;
        }
        let post = self.post_cue(run.last());
        match cue {
            // (after "home in" only a word no list has: "her home in Section 8 housing")
            Cue::Strong => self.unlisted_place(i, &run, caseless, self.after_dwelling(i)),
            Cue::WeakIn if !caseless => self.unlisted_place(i, &run, caseless, true),
            _ if post && !caseless => self.unlisted_place(i, &run, caseless, false),
            _ => None,
        }
    }

    /// The start of an address that starts at token `first`, with a number of up to six
    /// digits and one space before it ("28245 Puruntie 82", "Apt 5 1204 Elm St"): a house
    /// or unit number of its own. Not a part of a date, a fraction or a longer number.
    #[inline(never)]
    fn number_before(&self, first: usize) -> usize {
        if first < 2 || self.w(first - 1) != " " || !self.digits(first - 2, 1, 6) {
            return first;
        }
        let glued = first >= 3 && !matches!(self.class(first - 3), Some(Class::Space | Class::Newline));
        if glued && !self.punct(first - 3, ":") && !self.punct(first - 3, "(") {
            return first;
        }
        first - 2
    }

    /// True if the last place, area, facility or address this scan found ends just before word
    /// `i`, with at most a comma, a parenthesis or spaces between.
    #[inline(never)]
    fn place_just_before(&self, i: usize) -> bool {
        let start = self.toks[i].start;
        let Some(c) = self.out[self.own..].last() else { return false };
        matches!(c.kind, Kind::Address | Kind::Facility | Kind::City | Kind::Location)
            && c.end <= start
            && start - c.end <= 3
            && self.text.as_bytes()[c.end..start].iter().all(|&b| matches!(b, b' ' | b',' | b'('))
    }

    /// True if a listed place of two words or more starts at the capitalised word `i`.
    #[inline(never)]
    fn listed_place_of_words(&mut self, i: usize) -> bool {
        if !self.next_in_name(i, false).is_some_and(|j| self.capish(j)) {
            return false;
        }
        let run = self.place_run(i, false);
        run.len >= 2 && self.longest_place(&run).0 >= 2
    }

    /// True if a number that counts no time follows word `k` and its space ("Section 8
    /// housing"; not "Mobile 2 years ago").
    #[inline(never)]
    fn label_number_after(&self, k: usize) -> bool {
        const TIME: &[&str] =
            &["years", "year", "yrs", "yr", "months", "month", "mos", "mo", "weeks", "week", "wks", "days", "ago"];
        self.class(k + 1) == Some(Class::Space)
            && self.class(k + 2) == Some(Class::Number)
            && !self.nw(k + 2).is_some_and(|w| self.eq_any(w, TIME))
    }

    /// True if a dwelling and its preposition stand before word `i` ("home in").
    #[inline(never)]
    fn after_dwelling(&self, i: usize) -> bool {
        self.pw(i).and_then(|p| self.pw(p)).is_some_and(|p| self.eq_any(p, DWELLINGS))
    }

    /// True if a verb or adjective that takes a person after "in" stands before the "in"
    /// before word `i` ("confided in tyler", "interested in", "believes in").
    #[inline(never)]
    fn person_verb_in(&self, i: usize) -> bool {
        const TAKE_A_PERSON: &[&str] = &[
            "confide",
            "confided",
            "confides",
            "confiding",
            "believe",
            "believed",
            "believes",
            "interest",
            "interested",
            "trust",
            "trusted",
            "trusts",
            "involved",
            "disappointed",
            "proud",
            "faith",
            "confidence",
            "joined",
        ];
        self.pw(i).and_then(|p| self.pw(p)).is_some_and(|v| self.eq_any(v, TAKE_A_PERSON))
    }

    /// True if "in", "to", "from" or "near" and a space stand right before word `i`.
    #[inline(never)]
    fn after_place_preposition(&self, i: usize) -> bool {
        i >= 2 && self.class(i - 1) == Some(Class::Space) && self.eq_any(i - 2, &["in", "to", "from", "near"])
    }

    /// The last word of a listed place of two words or more that starts at word `i` of a
    /// line without case, a common word, after a place cue ("in mason city", "to cedar
    /// rapids"): the phrase is no common phrase, where its first word alone is a word.
    #[inline(never)]
    fn common_word_town(&mut self, i: usize) -> Option<usize> {
        if matches!(self.cue_before(i), Cue::None | Cue::Facility | Cue::Street) {
            return None;
        }
        let run = self.place_run(i, true);
        if run.len < 2 {
            return None;
        }
        let (n, pe) = self.longest_place(&run);
        if n < 2 || pe.has(bits::US_STATE | bits::COUNTRY) {
            return None;
        }
        let last = run.idx[n - 1];
        self.emit(i, last, Kind::City, "place cue");
        Some(last)
    }

    /// "lives on Camino Real": the capitalised words after "lives on" name a street.
    fn street_after_cue(&mut self, i: usize) -> Option<usize> {
        if self.caseless(i) || !self.cap(i) {
            return None;
        }
        let run = self.place_run(i, false);
        let mut last = None;
        for &k in run.as_slice() {
            let e = self.e(k);
            if self.generic(k) || e.has(bits::CLINICAL | bits::US_STATE) || self.eq_any(k, &["medicaid", "medicare"]) {
                return None;
            }
            if !self.connector(k) {
                last = Some(k);
            }
        }
        let mut last = last?;
        // a numbered street after a direction ("SE 14th St", "W 3rd Ave"), and a street type
        // the run stopped at ("Dr" is a title too: "a duplex on Timberline Dr")
        if let Some(o) = self.next_in_name(last, false).filter(|&o| self.ordinal(o)) {
            last = o;
        }
        if let Some(t) = self.next_in_name(last, false).filter(|&t| self.cap(t) && self.e(t).has(bits::STREET_SUFFIX)) {
            last = t;
        }
        if self.class(last + 1) == Some(Class::Possessive) {
            return None;
        }
        self.emit(i, last, Kind::Location, "street name");
        Some(last)
    }

    /// "United States", "USA", "America": the country of these notes, never redacted.
    fn is_home_country(&mut self, i: usize, last: usize) -> bool {
        if !matches!(self.w(i).as_bytes().first(), Some(b'u' | b'U' | b'a' | b'A')) {
            return false;
        }
        if i == last {
            return self.eq_any(i, HOME_COUNTRY);
        }
        self.phrase_key(i, last);
        HOME_COUNTRY.contains(&self.key.as_str())
    }

    /// Decides a listed place of `n` words `i..=last` in its context.
    #[allow(clippy::too_many_arguments)]
    fn accept_place(
        &self,
        i: usize,
        last: usize,
        n: usize,
        pe: Entry,
        cue: Cue,
        caseless: bool,
        country: bool,
    ) -> bool {
        let multi = n >= 2;
        let possessive_after = self.class(last + 1) == Some(Class::Possessive);
        // "farm near mcpherson ks", "seen in austin tx", "from amarillo, tx"; "marion pd",
        // "linn county sheriff": a town's police
        if caseless && !country && (self.state_code_after(last) || self.nw(last).is_some_and(|k| self.police(k))) {
            return true;
        }
        match cue {
            Cue::Strong => {
                if possessive_after && namey(pe, 10) {
                    return false;
                }
                // (a common word before a number is a label, not a town: "lives in Section 8
                // housing", not "moved to Mobile 2 years ago"; nor is one after "home in")
                let label = !multi && self.label_number_after(last);
                multi || word_ok(pe) || !caseless && !label && !self.after_dwelling(i)
            }
            Cue::Weak | Cue::WeakIn => {
                if multi {
                    return true;
                }
                if country {
                    return pe.name() < 110 && pe.word() <= 150;
                }
                let ok = word_ok(pe) && !namey(pe, 10) && !possessive_after;
                // in a line without case, a town after "in" or "near" that is also a name but
                // no common word, unless a verb that takes a person stands before ("the
                // walmart in spencer", "works near marion", "in davenport"; not "confided in
                // tyler", "in hope")
                // (nor a language that is also a town: "a C in english")
                let town_of_a_name = || {
                    caseless
                        && cue == Cue::WeakIn
                        && word_ok(pe)
                        && !possessive_after
                        && !self.person_verb_in(i)
                        && !self.eq_any(i, &["english", "welsh"])
                };
                ok && (!caseless || pe.place_pop() >= 100) || town_of_a_name()
            }
            Cue::None | Cue::Facility | Cue::Street => {
                if self.person_before(i) || self.clinical_head_after(last) {
                    return false;
                }
                // A capitalised neighbour ("Boston Marathon", "Kowalczyk Springfield") does not
                // matter: a person's name around the place is found whole by `names` and the
                // resolver keeps the longer span; an organisation named after a city is
                // redacted with it, which leaks nothing.
                if !caseless {
                    let sent = self.toks[i].has(SENT_START);
                    if self.person_around(i, last, pe) || self.instrument_after(last) {
                        return false;
                    }
                    if multi {
                        return true;
                    }
                    if self.acronym_in_sentence(i) {
                        return false;
                    }
                    if self.nw(last).is_some_and(|j| self.e(j).has(bits::PERSON_VERB))
                        && i32::from(pe.name()) + 35 >= i32::from(pe.place_pop())
                    {
                        return false;
                    }
                    if country {
                        return !sent && pe.name() < 110 && pe.word() <= 150;
                    }
                    if sent {
                        return strict_place(pe);
                    }
                    return word_ok(pe) && !namey(pe, 20);
                }
                if country {
                    return false;
                }
                if multi {
                    return self.e(i).has(bits::PLACE_PREFIX) && pe.place_pop() >= 110;
                }
                strict_place(pe)
            }
        }
    }

    /// True if word `i` is a short word in capitals with a lower-case word of its sentence
    /// next to it (across other punctuation and numbers): an acronym of a sentence, not a
    /// place ("Left AMA.", "OD on heroin", "daughter (POA) visits", "SIG: 1 tab qhs"), or
    /// of three letters alone in brackets after a space ("Janice Reyes (POA)" at the end of a
    /// line). A place in capitals in a sentence has a cue ("moved to OULU"); in an address
    /// block it stands on a line of capitals, codes and numbers ("OULU NO", "LONDON").
    fn acronym_in_sentence(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if t.case != Case::Upper || t.end - t.start > 4 {
            return false;
        }
        let lower = |j: usize| {
            let n = &self.toks[j];
            match n.class {
                Class::Newline => Some(false),
                Class::Punct if matches!(self.w(j), "." | "!" | "?") => Some(false),
                // the first word of a sentence, capitalised, if it is a common word ("Left")
                Class::Word => Some(n.case == Case::Lower || n.has(SENT_START) && n.entry.word() > 0),
                _ => None,
            }
        };
        let before = (0..i).rev().take(8).find_map(lower);
        let after = (i + 1..self.toks.len()).take(8).find_map(lower);
        // alone in brackets after a space, as an abbreviation is given ("Jan Reyes (POA)";
        // in the re-check "M.T. (POA)")
        // (three letters at most: "(OULU)" after "Oulu" is the town again)
        let bracketed = i >= 2
            && t.end - t.start <= 3
            && self.punct(i - 1, "(")
            && self.punct(i + 1, ")")
            && self.class(i - 2) == Some(Class::Space);
        before == Some(true) || after == Some(true) || bracketed
    }

    /// A place no list has, after a cue: "lives in Joshuaville", "grew up in the Bronx",
    /// "in East Carverton" (`unknown_only`: every word unknown to the word lists).
    fn unlisted_place(&mut self, i: usize, run: &Run, caseless: bool, unknown_only: bool) -> Option<usize> {
        if caseless {
            // one or two words no list knows
            if !unknownish(self.e(i)) {
                return None;
            }
            let mut last = i;
            if let Some(n) = self.next_in_name(i, false).filter(|&n| unknownish(self.e(n))) {
                last = n;
            }
            self.emit(i, last, Kind::City, "place cue");
            return Some(last);
        }
        if self.class(run.last() + 1) == Some(Class::Possessive) {
            return None;
        }
        // trim trailing states and connectors
        let mut len = run.len;
        while len > 1 {
            let k = run.idx[len - 1];
            if self.connector(k) || self.e(k).has(bits::US_STATE | bits::STATE_ABBR) {
                len -= 1;
            } else {
                break;
            }
        }
        let words = &run.idx[..len];
        let last = words[len - 1];
        if self.e(i).has(bits::US_STATE | bits::STATE_ABBR | bits::COUNTRY) && len == 1 {
            return None;
        }
        // (a street type ends a street, not a town; but "Falls", "Springs" or "Heights"
        // ends a town: "grew up in Copper Falls")
        if self.head(last) || (len > 1 && self.e(last).has(bits::STREET_SUFFIX) && !self.town_suffix(last)) {
            return None;
        }
        if words.iter().any(|&k| self.e(k).has(bits::CLINICAL) && !self.e(k).has(PLACE_FLAGS)) {
            return None;
        }
        if unknown_only {
            let mut unknown = 0;
            for &k in words {
                let e = self.e(k);
                if unlisted(e) {
                    unknown += 1;
                } else if !(self.is_direction(k) || e.has(bits::PLACE_PREFIX) || self.connector(k)) {
                    return None;
                }
            }
            if unknown == 0 {
                return None;
            }
        }
        self.emit(i, last, Kind::City, "place cue");
        Some(last)
    }

    // ----------------------------------------------------------------------------------
    // Counties, areas
    // ----------------------------------------------------------------------------------

    /// "Linden County", "Acadia Parish", "Pine Ridge Reservation", "the Eastwood
    /// neighborhood", "Oak Grove Apartments".
    fn area_word(&mut self, i: usize) -> Option<usize> {
        // ("co" only after a listed county's name: "polk co", not "Acme Co")
        let co = self.eq(i, "co");
        let county = co || self.eq_any(i, &["county", "parish"]);
        let caseless = self.caseless(i);
        let cap = self.cap(i);
        // "County Road 12" is a road
        if county && self.nw(i).is_some_and(|j| self.e(j).has(bits::STREET_SUFFIX) || self.digits(j, 1, 5)) {
            return None;
        }
        // the name before it: capitalised words (possessives inside: "Prince George's County")
        let mut first = None;
        let mut k = i;
        for _ in 0..3 {
            let Some(p) = self.prev_in_name(k, true) else { break };
            let e = self.e(p);
            let ok = self.is_word(p)
                && !self.has_digit(p)
                && !e.has(PLACE_BLOCK | bits::PERSON_VERB)
                && (self.cap(p) || caseless);
            if !ok {
                break;
            }
            first = Some(p);
            k = p;
        }
        let first = first?;
        let last_name = self.prev_in_name(i, true)?;
        // listed county?
        let mut listed = false;
        let mut a = last_name;
        loop {
            self.phrase_key(a, i);
            if co {
                self.key.truncate(self.key.len() - 2);
                self.key.push_str("county");
            }
            if self.lookup_key().has(bits::US_COUNTY) {
                listed = true;
                break;
            }
            if a == first {
                break;
            }
            match self.next_in_name(a, true) {
                Some(n) if n <= last_name => a = n,
                _ => break,
            }
        }
        let _ = a;
        if county {
            let parish = self.eq(i, "parish");
            if !listed && (caseless || parish || co || !cap) {
                return None;
            }
            if !listed && !self.any_proper(first, last_name, false) {
                return None;
            }
            self.emit(first, i, Kind::City, "county");
            return Some(i);
        }
        let ok =
            if caseless { self.any_proper(first, last_name, true) } else { self.any_proper(first, last_name, false) };
        if !ok {
            return None;
        }
        let end = if cap || caseless { i } else { last_name };
        self.emit(first, end, Kind::Location, "area name");
        Some(i)
    }

    /// True if some word in `a..=b` is proper (not generic); `strong`: a name, a place, a
    /// rare word or an acronym.
    fn any_proper(&mut self, a: usize, b: usize, strong: bool) -> bool {
        for k in a..=b {
            if !self.is_word(k) || self.generic(k) || self.denomination(k) || self.head(k) {
                continue;
            }
            let e = self.e(k);
            if e.has(PLACE_BLOCK) || (e.has(bits::CLINICAL) && !e.has(PLACE_FLAGS)) {
                continue;
            }
            if !strong || strong_proper(e) || self.acronym(k) {
                return true;
            }
        }
        false
    }

    /// An upper-case word of two to six letters in a mixed-case line that is not a common
    /// word ("UCLA", "YMCA").
    fn acronym(&self, k: usize) -> bool {
        let t = self.toks[k];
        t.case == Case::Upper
            && !t.has(CASELESS)
            && (2..=6).contains(&(t.end - t.start))
            && t.entry.word() == 0
            && !t.entry.has(bits::CLINICAL | bits::STATE_ABBR | bits::MEDICAL)
    }

    // ----------------------------------------------------------------------------------
    // Facilities
    // ----------------------------------------------------------------------------------

    /// A facility whose name ends in the head noun at `h` ("Mercy Hospital", "Lincoln High
    /// School", "St. Mary's Medical Center", "University of New Mexico").
    fn facility_at_head(&mut self, h: usize) -> Option<usize> {
        let caseless = self.caseless(h);
        let lower_mode = !caseless && !self.cap(h);
        if lower_mode && !self.eq_any(h, LOWER_HEADS) && !self.eq_any(h, &["high", "middle"]) {
            return None;
        }
        if self.eq(h, "co") && (caseless || self.toks[h].case != Case::Title) {
            return None;
        }
        if self.eq_any(h, TOWN_AGENCIES) && !self.town_agency(h) {
            return None;
        }
        // the end of a double surname, not a head: "Gideon Lowell-Park", "Kinsley Hill-Ward"
        if self.toks[h].case == Case::Title && h >= 2 && self.punct(h - 1, "-") && self.is_word(h - 2) {
            return None;
        }
        // cheap exit: no name word before the head and no "of" after it
        let before_ok = match self.prev_in_name(h, true) {
            Some(p) => {
                self.fac_word(p, caseless, lower_mode)
                    || caseless && self.is_word(p) && !self.e(p).has(PLACE_BLOCK) && self.cue_before(p) == Cue::Facility
                    || caseless && self.letterhead_start(p, h).is_some()
            }
            None => self.eq_any(h, COMPANY_TAILS),
        };
        if !before_ok && !self.eq_any(h, OF_HEADS) && !self.next_in_name(h, false).is_some_and(|j| self.head(j)) {
            return None;
        }
        // more heads after it ("Medical Center", "High School")
        let mut last = h;
        loop {
            match self.next_in_name(last, false) {
                Some(j)
                    if (self.head(j) || self.eq_any(j, AFTER_HEADS) && !lower_mode)
                        && (self.capish(j) || (lower_mode && self.eq_any(j, LOWER_HEADS))) =>
                {
                    if self.eq(j, "co") && self.toks[j].case != Case::Title {
                        break;
                    }
                    last = j;
                }
                _ => break,
            }
        }
        if lower_mode && !self.eq_any(last, LOWER_HEADS) {
            return None;
        }
        // "Acme Co 80202" / "Denver CO 80202": a state and a ZIP
        if self.eq(last, "co") && self.nw(last).is_some_and(|z| self.zip_at(z).is_some()) {
            return None;
        }
        // "University of New Mexico", "Church of the Nazarene"
        let mut end = last;
        let mut of_part = None;
        if (self.eq_any(last, OF_HEADS) || self.eq_any(last, FOR_HEADS)) && !lower_mode {
            // (or "for": "Riley Hospital for Children", "Center for Behavioral Health")
            let of_or_for = |o: usize| {
                self.eq(o, "of") && self.eq_any(last, OF_HEADS) || self.eq(o, "for") && self.eq_any(last, FOR_HEADS)
            };
            if let Some(of) = self.next_in_name(last, false).filter(|&o| of_or_for(o)) {
                let mut k = of;
                let mut words = 0;
                let mut of_last = None;
                while words < 5 {
                    let Some(j) = self.next_in_name(k, true) else { break };
                    if self.capish(j) && !self.e(j).has(bits::STOPWORD | bits::TITLE | bits::MONTH | bits::WEEKDAY) {
                        of_last = Some(j);
                    } else if !self.eq_any(j, &["the", "and", "of", "for"]) {
                        break;
                    }
                    words += 1;
                    k = j;
                }
                if let Some(ol) = of_last {
                    of_part = Some((of + 1, ol));
                    end = ol;
                }
            }
        }
        // the name before the head
        let company_tail = self.eq_any(h, COMPANY_TAILS);
        let (mut cued, mut whole_line, mut letterhead) = (false, false, false);
        // (generic words may follow the head on a letterhead: "HARBOR LIGHT COUNSELING
        // SERVICES")
        let mut tail = end;
        while let Some(j) = self.next_in_name(tail, false).filter(|&j| self.generic(j)) {
            tail = j;
        }
        let mut first = h;
        let mut k = h;
        for step in 0..7 {
            let mut p = self.prev_in_name(k, true);
            if p.is_none() && step == 0 && company_tail && self.punct(h.wrapping_sub(2), ",") && self.small_space(h - 1)
            {
                p = h.checked_sub(3).filter(|&q| self.is_word(q));
            }
            let Some(p) = p else { break };
            if self.fac_word(p, caseless, lower_mode) {
                first = p;
                k = p;
                continue;
            }
            // (not "and" before a head in lower case: "Dr. Marcus King and school counselor")
            if !caseless
                && self.eq_any(p, &["of", "and", "for", "the", "de", "la", "du"])
                && self.toks[p].case == Case::Lower
                && !(lower_mode && self.eq(p, "and"))
            {
                if let Some(q) = self.prev_in_name(p, true).filter(|&q| self.fac_word(q, caseless, lower_mode)) {
                    first = q;
                    k = q;
                    continue;
                }
            }
            // "FROM TISBURY SOUND HOSPITAL": in capitals, one common word between a word
            // no dictionary calls common and the head
            if caseless && k == h && self.is_word(p) && !self.e(p).has(PLACE_BLOCK | bits::CLINICAL | bits::PERSON_VERB)
            {
                if let Some(q) = self.prev_in_name(p, true) {
                    if !common_word(self.e(q)) && self.fac_word(q, caseless, lower_mode) {
                        first = q;
                        k = q;
                        continue;
                    }
                }
            }
            // "admitted to mercy hospital": a common word right after a facility cue
            if caseless && self.is_word(p) && !self.e(p).has(PLACE_BLOCK) && self.cue_before(p) == Cue::Facility {
                first = p;
                cued = true;
            }
            // "MERCY RIDGE MEDICAL CENTER" alone on its line (a letterhead, a note's
            // heading): the whole line is the name
            else if caseless && self.is_word(p) && !self.e(p).has(PLACE_BLOCK) && self.alone_on_line(p, tail) {
                first = p;
                cued = true;
                whole_line = true;
            }
            // ... and a line of capitals that starts with common words, "PRAIRIE LANTERN
            // HOSPICE": a letterhead if two of its words are no medical words (see `ok`)
            // (not a group's or a programme's heading: "DIALECTICAL BEHAVIOR THERAPY SKILLS
            // GROUP")
            else if let Some(q) = caseless.then(|| self.letterhead_start(p, tail)).flatten() {
                if self.eq_any(last, NO_LETTERHEAD) {
                    return None;
                }
                first = q;
                letterhead = true;
                whole_line = true;
            }
            break;
        }
        // (every word of the line a name word: "MAPLE CREST BEHAVIORAL HEALTH")
        letterhead |= caseless && !cued && self.alone_on_line(first, tail);
        // drop a sentence-initial common word ("Yesterday Mercy Hospital called")
        while first < h && !whole_line && !letterhead {
            let e = self.e(first);
            let common_start = self.toks[first].has(SENT_START)
                && e.word() >= 180
                && e.name() < 100
                && e.place_pop() == 0
                && !self.generic(first)
                && !self.denomination(first);
            if !(common_start || e.has(bits::STOPWORD)) {
                break;
            }
            match self.next_in_name(first, true) {
                Some(n) if n <= h => first = n,
                _ => break,
            }
        }
        // weigh the words
        let final_strong = self.strong_head(last) || self.eq_any(last, &["high", "middle"]);
        let before_last = self.prev_in_name(last, true);
        let promoted = !final_strong
            && before_last.is_some_and(|b| b >= first && (self.generic(b) || self.head(b) || self.denomination(b)));
        let strong_final = final_strong || promoted;
        let mut words = FacilityWords::default();
        self.weigh(first, h, strong_final, &mut words);
        if let Some((a, b)) = of_part {
            self.weigh(a, b + 1, strong_final, &mut words);
        }
        let ok = if caseless || lower_mode {
            words.strong >= 1
                || cued && words.proper >= 1
                || letterhead && words.proper >= words.medical + 2 && !self.eq_any(last, NO_LETTERHEAD)
        } else if strong_final {
            words.proper >= 1 || (words.denominations >= 1 && words.ordinals >= 1)
        } else {
            words.strong >= 1
        };
        // a department named by its specialty: "Perinatal Psychiatry Intake", "Geriatric
        // Psychiatry", "Pediatric Cardiology" (not "Northgate Pediatrics")
        if !ok || words.proper > 0 && words.proper == words.medical && self.eq_any(last, SPECIALTY_HEADS) {
            return None;
        }
        if self.eq_any(last, &["therapy", "therapies"]) && self.therapy_name(first, last) {
            return None;
        }
        // a job title of common words, not a place: "Professional School Counselor",
        // "Licensed Clinical Social Worker" (but "Lincoln High School Counselor" names one)
        if words.strong == 0 && self.nw(end).is_some_and(|j| self.cap(j) && super::names::is_job_head(self.w(j))) {
            return None;
        }
        if self.eq_any(last, &["high", "middle"]) && first == h {
            return None;
        }
        if end == h && self.person_named_like_facility(first, h) {
            return None;
        }
        // "American Legion Post 212"
        if let Some(n) = self.chapter_number_after(end) {
            end = n;
        }
        self.emit(first, end, Kind::Facility, "facility name");
        if let Some((s, u)) = self.units_after(end) {
            self.emit(s, u, Kind::Address, "unit");
            self.city_after(u);
            return Some(u);
        }
        self.city_after(end);
        Some(end)
    }

    /// "Oliver Ward, MD", "Present: Levi Moreau, Kinsley Ward": a popular first name and a
    /// head that is also a common surname is a person, unless a preposition or article
    /// introduces it ("admitted to Oliver Ward") or a facility cue does.
    fn person_named_like_facility(&self, first: usize, h: usize) -> bool {
        self.prev_in_name(h, true) == Some(first)
            && self.toks[first].case == Case::Title
            && self.e(first).first() >= 100
            && self.e(h).surname() >= 100
            && self.cue_before(first) == Cue::None
            && !self.pw(first).is_some_and(|p| {
                self.eq_any(p, &["at", "to", "in", "on", "from", "into", "onto", "the", "of", "a", "our", "their"])
            })
    }

    /// True if the agency acronym at `h` follows a place's name, in capitals: "Kettering PD",
    /// "Harlan Springs PD" (not "Borderline PD").
    fn town_agency(&self, h: usize) -> bool {
        self.toks[h].case == Case::Upper
            && !self.caseless(h)
            && self.prev_in_name(h, false).is_some_and(|p| {
                let e = self.e(p);
                self.cap(p) && (e.has(PLACE_FLAGS) || e.place_pop() > 0 || self.town_suffix(p) || self.area(p))
            })
    }

    /// A word that may be part of a facility name before its head. A generic word that
    /// also cues a person stays in the name ("Tucson Police Department", "Cedar Valley
    /// Youth Services"): weighing the words skips it, so alone it names nothing.
    fn fac_word(&mut self, p: usize, caseless: bool, lower_mode: bool) -> bool {
        if !self.is_word(p) || self.has_digit(p) && !self.ordinal(p) {
            return false;
        }
        let e = self.e(p);
        if e.has(bits::STOPWORD | bits::TITLE | bits::MONTH) {
            return false;
        }
        let person_cue = e.has(bits::PERSON_CUE) && !self.generic(p);
        if caseless {
            if e.has(bits::PERSON_VERB) || person_cue {
                return false;
            }
            if self.toks[p].end - self.toks[p].start == 1 {
                // "ST. PIUS X CATHOLIC CHURCH"
                return true;
            }
            if e.has(bits::CLINICAL) && !e.has(PLACE_FLAGS) && e.name() < 100 {
                return false;
            }
            // plain common words end the name, except generic modifiers and heads
            return !common_word(e) || e.has(bits::FACILITY_HEAD) || self.generic(p) || self.denomination(p);
        }
        if lower_mode {
            return self.cap(p) && !person_cue;
        }
        self.cap(p) && !person_cue || self.ordinal(p)
    }

    /// Counts the roles of the words in `a..b` (heads excluded).
    fn weigh(&mut self, a: usize, b: usize, strong_final: bool, words: &mut FacilityWords) {
        for k in a..b.min(self.toks.len()) {
            if !self.is_word(k) {
                continue;
            }
            let e = self.e(k);
            if e.has(bits::STOPWORD) && self.toks[k].case == Case::Lower || self.connector(k) {
                continue;
            }
            if self.head(k) {
                continue;
            }
            if self.denomination(k) {
                words.denominations += 1;
                continue;
            }
            if self.ordinal(k) || self.eq_any(k, &["first", "second", "third", "fourth", "fifth"]) {
                words.ordinals += 1;
                continue;
            }
            if self.generic(k) || e.has(bits::MONTH | bits::WEEKDAY | bits::PERSON_CUE | bits::TITLE) {
                continue;
            }
            // (in a line of capitals, a clinical acronym is one even where a town has its
            // letters: "ABA CARE COORDINATION NOTE", Aba in Nigeria; not "ABA Care Center")
            let clinical_acronym = self.caseless(k) && self.toks[k].case == Case::Upper && e.name() < 100;
            if e.has(bits::CLINICAL) && (!(e.name() >= 100 || e.has(PLACE_FLAGS)) || clinical_acronym) {
                continue;
            }
            if e.has(bits::US_STATE | bits::STATE_ABBR) && !strong_final {
                continue;
            }
            if self.ordinal(k) {
                continue;
            }
            words.proper += 1;
            if e.has(bits::MEDICAL) && e.word() > 0 && e.name() == 0 && !e.has(PLACE_FLAGS) {
                words.medical += 1;
            }
            if strong_proper(e) || self.acronym(k) {
                words.strong += 1;
            }
        }
    }

    /// True if the words from `first` to the head "Therapy" at `last` name a treatment, not
    /// a practice: none is a name, a place or an unknown word other than an adjective
    /// ("Motivational Enhancement Therapy", "Trauma-Focused Cognitive Behavioral Therapy",
    /// "Multisystemic Therapy"; not "Green Mountain Therapy", "Zelnik Therapy").
    fn therapy_name(&self, first: usize, last: usize) -> bool {
        (first..last).filter(|&k| self.is_word(k)).all(|k| {
            let e = self.e(k);
            let w = self.w(k);
            let adjective = w.ends_with("ic") || w.ends_with("al") || w.ends_with("ive");
            self.connector(k)
                || e.name() < 100 && e.place_pop() == 0 && !e.has(PLACE_FLAGS) && (e.word() > 0 || adjective)
        })
    }

    /// The facility named after a cue ("works at Walmart", "attends Chùa Từ Quang",
    /// "admitted to Mercy", "member of Grace church").
    fn facility_after_cue(&mut self, i: usize) -> Option<usize> {
        let caseless = self.caseless(i);
        let e = self.e(i);
        if e.has(bits::TITLE | bits::PERSON_CUE | bits::MONTH | bits::WEEKDAY | bits::STOPWORD) || self.has_digit(i) {
            return None;
        }
        if e.has(bits::CLINICAL) && !(e.has(PLACE_FLAGS) || e.name() >= 100) {
            return None;
        }
        if caseless {
            return self.facility_after_cue_caseless(i);
        }
        if !self.cap(i) {
            return None;
        }
        let mut last = i;
        let mut k = i;
        let mut count = 1;
        while count < 6 {
            let Some(j) = self.next_in_name(k, true) else { break };
            if !self.is_word(j) {
                break;
            }
            if self.cap(j) && !self.e(j).has(bits::TITLE | bits::MONTH | bits::WEEKDAY | bits::STOPWORD) {
                // (not the days after it: "attends Maple Terrace Senior Center Tuesdays")
                if self.weekday_plural(j) {
                    break;
                }
                last = j;
            } else if !self.eq_any(j, &["of", "and", "the", "for", "de", "la"]) {
                break;
            }
            k = j;
            count += 1;
        }
        let pe = self.place_entry(i, last);
        if pe.has(bits::US_STATE) || (i == last && self.e(i).has(bits::STATE_ABBR)) {
            return None;
        }
        // "attends Seeking Safety group", "Attended Coping Skills group": common words
        // before a group or a class name the group
        let group_after = self.nw(last).is_some_and(|g| {
            self.toks[g].case == Case::Lower && self.eq_any(g, &["group", "groups", "class", "classes", "program"])
        });
        if group_after && (i..=last).filter(|&k| self.is_word(k)).all(|k| common_word(self.e(k))) {
            return None;
        }
        let mut words = FacilityWords::default();
        self.weigh(i, last + 1, true, &mut words);
        if words.proper == 0 {
            return None;
        }
        // "the State of New Mexico": a state government, not a place smaller than a state
        let mut a = i;
        while a < last && (!self.is_word(a) || self.eq_any(a, &["state", "commonwealth", "of", "the"])) {
            a += 1;
        }
        if a > i && self.place_entry(a, last).has(bits::US_STATE) {
            return None;
        }
        // a listed city alone: "transferred to Boston"
        let kind = if pe.has(bits::US_CITY | bits::WORLD_CITY) && !namey(pe, 10) && word_ok(pe) {
            Kind::City
        } else {
            Kind::Facility
        };
        if let Some(n) = self.chapter_number_after(last).filter(|_| kind == Kind::Facility) {
            last = n;
        }
        self.emit(i, last, kind, "facility cue");
        if kind == Kind::Facility {
            // "Pharmacy: CVS Pharmacy #04471, 1120 Riverdale St"
            if let Some((s, u)) = self.units_after(last) {
                self.emit(s, u, Kind::Address, "unit");
                last = u;
            }
            self.city_after(last);
        }
        Some(last)
    }

    /// "works at walmart", "admitted to mercy hospital" in a CASELESS line.
    fn facility_after_cue_caseless(&mut self, i: usize) -> Option<usize> {
        let mut words = Run::new(i);
        let mut k = i;
        while words.len < 5 {
            let Some(j) = self.next_in_name(k, true) else { break };
            let e = self.e(j);
            if !self.is_word(j) || self.has_digit(j) || e.has(PLACE_BLOCK | bits::PERSON_VERB) {
                break;
            }
            words.push(j);
            k = j;
        }
        // up to the last head noun, if any
        let mut head_at = None;
        for (x, &w) in words.as_slice().iter().enumerate() {
            if self.head(w) {
                head_at = Some(x);
            }
        }
        if let Some(x) = head_at {
            let last = words.idx[x];
            if x == 0 {
                return None;
            }
            let mut proper = false;
            for &w in &words.idx[..x] {
                if !(self.generic(w) || self.head(w) || self.denomination(w) || self.e(w).has(bits::CLINICAL)) {
                    proper = true;
                }
            }
            if !proper {
                return None;
            }
            self.emit(i, last, Kind::Facility, "facility cue");
            self.city_after(last);
            return Some(last);
        }
        // a listed town alone: "in jail at westville"
        let pe = self.e(i);
        if words.len == 1 && pe.has(bits::US_CITY | bits::WORLD_CITY) && !namey(pe, 10) && word_ok(pe) {
            self.emit(i, i, Kind::City, "facility cue");
            return Some(i);
        }
        // otherwise: leading words no list knows ("walmart")
        let mut last = None;
        for &w in words.as_slice() {
            if unknownish(self.e(w)) && !self.generic(w) {
                last = Some(w);
            } else {
                break;
            }
        }
        let last = last?;
        self.emit(i, last, Kind::Facility, "facility cue");
        Some(last)
    }
}

/// First letter and length of the area and county words ([`AREA_WORDS`], "county",
/// "parish"): a test that costs nothing before the set look-up.
fn area_shape(first: u8, len: usize) -> bool {
    matches!(
        (first, len),
        (b'c', 6)
            | (b'c', 2)
            | (b'p', 6)
            | (b'p', 8)
            | (b't', 8)
            | (b'b', 7)
            | (b'n', 12)
            | (b'n', 13)
            | (b'r', 11)
            | (b'a', 10)
            | (b'a', 4)
            | (b'e', 7)
            | (b's', 11)
            | (b'd', 8)
    )
}

/// The run of tokens `a..=b` whose words are `rev` (collected backwards).
fn run_between(a: usize, b: usize, rev: &[usize]) -> Run {
    let mut run = Run::new(a);
    for &k in rev.iter().rev().skip(1) {
        if k > a && k <= b {
            run.push(k);
        }
    }
    run
}

/// True if the place's reading as a lower-case word does not outweigh it: rare or unknown
/// words; SCOWL level ≤ 35 words only for towns of ~150,000 people; level ≤ 20 only for
/// cities of ~1 million ("Phoenix", "Queens").
fn word_ok(e: Entry) -> bool {
    let (w, pop) = (e.word(), e.place_pop());
    w == 0 || w <= 120 || (w <= 150 && pop >= 120) || (w <= 180 && pop >= 140)
}

/// True if the word is a first name or surname about as frequent as the place is populous
/// (`margin` in log-frequency units: 7 per doubling).
fn namey(e: Entry, margin: i32) -> bool {
    i32::from(e.name()) + margin >= i32::from(e.place_pop())
}

/// A listed place strong enough without any help: no common-word reading, 20,000 people or
/// more, and clearly more frequent as a place than as a name ("Chicago", "Boston").
fn strict_place(e: Entry) -> bool {
    e.word() == 0 && e.place_pop() >= 110 && i32::from(e.name()) + 30 < i32::from(e.place_pop())
}

/// A word no list knows as a common word, medical term, drug, cue or frequent name.
fn unknownish(e: Entry) -> bool {
    e.word() == 0
        && !e.has(
            bits::MEDICAL
                | bits::DRUG
                | bits::CLINICAL
                | PLACE_BLOCK
                | bits::FACILITY_HEAD
                | bits::STREET_SUFFIX
                | bits::UNIT
                | bits::PERSON_VERB
                | bits::US_STATE
                | bits::STATE_ABBR,
        )
        && e.name() < 110
}

/// A word in no list at all, not even the large Google Books word list ("Carverton").
fn unlisted(e: Entry) -> bool {
    unknownish(e) && !e.has(bits::KNOWN_WORD)
}

/// A proper word that cannot be a generic modifier: a place that is not mainly a common
/// word, a frequent name, or a rare or unknown word.
fn strong_proper(e: Entry) -> bool {
    (e.place_pop() > 0 && e.word() <= 150) || e.name() >= 100 || e.word() <= 120
}

/// A plain common word: frequent in lower case and neither a frequent name nor a place.
fn common_word(e: Entry) -> bool {
    e.word() >= 140 && e.name() < 100 && !(e.place_pop() > 0 && e.word() <= 150)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_lower_case() {
        for list in [GENERIC, DENOMINATIONS, EXTRA_HEADS, STRONG_HEADS] {
            for w in list {
                assert_eq!(*w, w.to_lowercase(), "{w}");
            }
        }
    }
}
