//! Shared vocabulary of the pipeline: what a detection is.
//!
//! Detectors emit [`Candidate`]s (byte ranges of the analysed text with a [`Kind`], the
//! detector and the cue that found them); the resolver keeps a non-overlapping subset; the
//! assigner gives each kept candidate its replacement.

use serde::Serialize;

/// Fine-grained kind of a detection. [`Kind::category`] groups them into the six
/// categories of the README table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    /// A person (any role): replaced by a coded initial.
    Name,
    /// A date element finer than the year.
    Date,
    /// An age over 89.
    Age,
    /// Street address (number, street, unit).
    Address,
    /// City, town or county.
    City,
    /// ZIP code.
    Zip,
    /// US state or territory (removed unless `--keep-states`).
    State,
    /// Named facility: hospital, clinic, school, employer, church.
    Facility,
    /// Any other geographic unit smaller than a state, or a country.
    Location,
    /// Telephone number.
    Phone,
    /// Fax number.
    Fax,
    /// E-mail address.
    Email,
    /// URL.
    Url,
    /// IPv4 or IPv6 address.
    Ip,
    /// Social-media handle.
    Handle,
    /// Social Security number.
    Ssn,
    /// Medical record number.
    Mrn,
    /// Any other labelled identifier (member ID, account, licence, plate, VIN, serial).
    Id,
    /// Not PHI: a span that must survive (clinical eponym, allow-list entry). Protects
    /// names and places it overlaps; never rendered.
    Protected,
}

/// The six categories of PHI the tool removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Category {
    /// People.
    Name,
    /// Dates.
    Date,
    /// Ages over 89.
    Age,
    /// Geography and facilities.
    Location,
    /// Phones, faxes, e-mails, URLs, IPs, handles.
    Contact,
    /// Numbers and codes.
    Id,
    /// Not PHI.
    None,
}

impl Kind {
    /// The category this kind belongs to.
    pub fn category(self) -> Category {
        use Kind::*;
        match self {
            Name => Category::Name,
            Date => Category::Date,
            Age => Category::Age,
            Address | City | Zip | State | Facility | Location => Category::Location,
            Phone | Fax | Email | Url | Ip | Handle => Category::Contact,
            Ssn | Mrn | Id => Category::Id,
            Protected => Category::None,
        }
    }

    /// The word used in tags, e.g. `[PHONE]`, `[CITY-2]`.
    pub fn label(self) -> &'static str {
        use Kind::*;
        match self {
            Name => "NAME",
            Date => "DATE",
            Age => "AGE",
            Address => "ADDRESS",
            City => "CITY",
            Zip => "ZIP",
            State => "STATE",
            Facility => "FACILITY",
            Location => "LOCATION",
            Phone => "PHONE",
            Fax => "FAX",
            Email => "EMAIL",
            Url => "URL",
            Ip => "IP",
            Handle => "HANDLE",
            Ssn => "SSN",
            Mrn => "MRN",
            Id => "ID",
            Protected => "PROTECTED",
        }
    }
}

/// How a name candidate's tokens are laid out, when the detector knows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameShape {
    /// Decide from the dictionaries.
    #[default]
    Unknown,
    /// Given name(s) first, surname last: "Jonathan Smith", "J. Smith".
    GivenFirst,
    /// "Smith, Jonathan".
    SurnameFirst,
    /// A lone given name: "wife Mary".
    Given,
    /// A lone surname: "Mr. Smith".
    Surname,
}

/// One detection before overlaps are resolved. Byte offsets into the analysed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Start byte offset (inclusive).
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// What it is.
    pub kind: Kind,
    /// Which detector found it (its registry name).
    pub detector: &'static str,
    /// Why: the rule or cue, for `--explain` and the spans output.
    pub cue: &'static str,
    /// Confidence rank used to break ties between overlapping candidates (higher wins).
    pub priority: u8,
    /// Layout of a name's tokens (names only).
    pub shape: NameShape,
}

impl Candidate {
    /// A candidate with the default shape.
    pub fn new(
        start: usize,
        end: usize,
        kind: Kind,
        detector: &'static str,
        cue: &'static str,
        priority: u8,
    ) -> Candidate {
        Candidate { start, end, kind, detector, cue, priority, shape: NameShape::Unknown }
    }

    /// Same candidate with a name shape.
    pub fn with_shape(mut self, shape: NameShape) -> Candidate {
        self.shape = shape;
        self
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty range.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True if the two byte ranges share at least one byte.
    pub fn overlaps(&self, other: &Candidate) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// One replacement made in a document: where, what, who found it, and what it became.
/// The machine-readable record behind `--emit spans`, `--explain` and the review page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Redaction {
    /// Start byte offset in the analysed text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Fine-grained kind.
    pub kind: Kind,
    /// Detector that found it.
    pub detector: &'static str,
    /// Rule or cue.
    pub cue: &'static str,
    /// The text that replaced it (a code or a tag).
    pub replacement: String,
}
