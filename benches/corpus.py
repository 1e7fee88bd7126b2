#!/usr/bin/env python3
"""Deterministic synthetic corpus of consultation notes for phi-redact's benchmarks.

    python3 benches/corpus.py --seed 1 --text corpus.txt --text-mb 100
    python3 benches/corpus.py --seed 1 --csv notes.csv --csv-mb 20
    python3 benches/corpus.py --seed 1 --tree notes/ --tree-mb 20

Everything is SYNTHETIC. Notes are built by recombining sentence templates with values
drawn from small built-in lists: common given names and surnames combined at random,
invented towns, streets, clinics and employers, phone numbers in the 555 exchange,
e-mail addresses at example.com/example.org, IP addresses from the documentation
ranges, SSN-shaped numbers starting with 9 (never issued) and random record numbers.
No real person, patient or record is in it.

Outputs (any combination; each one is generated from its own stream seeded with --seed
and the output kind, so the text file is the same whether or not a CSV is also made):

  --text FILE  plain text, notes separated by a blank line, about --text-mb MB
               (10^6 bytes); about 3% of the notes use CRLF line ends.
  --csv FILE   RFC 4180 CSV with a header: note_id, client_id, visit_date, clinician,
               service, minutes, note, billing_code. The note cell is quoted and spans
               several lines (and holds doubled quotes); rows of one client share
               client_id and the client's name. About --csv-mb MB.
  --tree DIR   a directory tree DIR/site-NN/client-NNNNN/YYYY-MM-DD-NN-kind.txt, one note
               per file (1-6 notes per client), about --tree-mb MB in total. DIR must not exist or be empty.

The same --seed and sizes always give byte-identical files (Python 3.8+, any platform).
Standard library only.
"""

import argparse
import csv
import os
import random
import string
import sys
import unicodedata

# ---------------------------------------------------------------------------------------
# Synthetic value lists. Given names and surnames are common ones, combined at random;
# several are also ordinary words (Will, May, Grace, Hope, Bill, Mark, Summer, June,
# Rose, Faith, Frank, Young, Long), the hard case for a de-identifier.
# ---------------------------------------------------------------------------------------
GIVEN_F = (
    "Mary Grace Hope June May Summer Rose Faith Joy Ivy Olivia Emma Ava Sophia Mia Isabella "
    "Harper Evelyn Abigail Emily Ella Madison Scarlett Chloe Aria Riley Zoey Nora Lily "
    "Hannah Layla Brooklyn Leah Zoe Stella Hazel Ellie Paisley Audrey Skylar Violet Claire "
    "Bella Lucy Anna Samantha Caroline Genesis Aaliyah Kennedy Kinsley Allison Maya Sarah "
    "Madelyn Adeline Alexa Ariana Elena Gabriella Naomi Alice Sadie Hailey Eva Emilia "
    "Autumn Quinn Nevaeh Piper Ruby Serenity Willow Everly Cora Kaylee Lydia Aubree Arianna "
    "Eliana Peyton Melanie Gianna Isabelle Julia Valentina Natalie Jasmine Siobhan Aoife "
    "Inês Siobhán Lucía Marisol Ngoc Thuy Mei Priya Ananya Fatima Amira Leila Yasmin Deborah Ingrid "
    "Destiny Raina Tess Lupe Dana Noor Anita Ana Elif Zeynep Hui Keiko"
).split()
GIVEN_M = (
    "Will Bill Mark Frank Jack Dean Grant Miles Chase Hunter Jonathan Liam Noah Oliver "
    "Elijah James William Benjamin Lucas Henry Alexander Mason Michael Ethan Daniel Jacob "
    "Logan Jackson Levi Sebastian Mateo Owen Theodore Aiden Samuel Joseph John David Wyatt "
    "Matthew Luke Asher Carter Julian Grayson Leo Jayden Gabriel Isaac Lincoln Anthony "
    "Hudson Dylan Ezra Thomas Charles Christopher Jaxon Maverick Josiah Isaiah Andrew "
    "Elias Joshua Nathan Caleb Ryan Adrian Nolan Walter Tyler Rafael Yusuf Tomasz Gareth "
    "Olumide Howard Ivan Arthur Bryce Corey Alan Jordan Dave Tom Peter Jon Emeka Kwame "
    "Minh Duc Hiroshi Arjun Rohan Omar Tariq Mehmet Emre Sven Lars Mateus Diego"
).split()
SURNAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
    "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
    "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright "
    "Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
    "Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins "
    "Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper "
    "Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez "
    "Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel "
    "Myers Long Ross Foster Jimenez Kowalczyk Healey Estrada Varghese Okafor Kessler "
    "Lindqvist Haddad Whitcomb Tolliver Ibarra Wrobel Brennan Castellanos Kowal Demir "
    "Okonjo Hollis Nakashima Quintero Carvalho Pike Rowe Greer Ferrante Bankole Whitmore "
    "Nguyễn Wróbel Jiménez Ferraz Ostrowski Stone Tran Pham Yilmaz Kaya Haddad Mensah Achebe Sato Tanaka Singh "
    "Chowdhury Novak Horvat Lindgren Moreau Rossi Bianchi Schmidt Becker Dubois Silva"
).split()
# Invented places: none of these is meant to be a real town, street or organisation.
TOWNS = (
    "East Carverton|North Carverton|Bellmont|Millbrook|Dunmore|Fairhaven|Joshuaville|"
    "Ashgrove|Brackenridge|Copper Falls|Dellwood|Elmstead|Foxhollow|Glenmere|Harrowgate|"
    "Ironbridge|Juniper Bay|Kestrel Point|Larchmont Springs|Marrowfield|Netherby|"
    "Oakhaven|Pellston|Quarry Hill|Rosewick|Saltmarsh|Thornbury|Upper Wexley|Valebrook|"
    "Westcombe|Yarrow Glen|Zephyr Lake"
).split("|")
STATES = "NM MA OR VT OH WI PA NY CA TX Maine Oregon Vermont Ohio".split()
STREETS = (
    "Hamilton Rd|Larch St|Canal St|Fenwick Avenue|Ridgeline Pkwy|Quince Street|"
    "Tamarack Circle|Birch Ct|Wren Terrace|Garnet Ave|Maple Grove Rd|Cedar Lane|"
    "Orchard Way|Kingfisher Dr|Harbor View Blvd|Willow Bend|Prospect Hill Rd|Mill Pond Ln|"
    "Sycamore Ave|Lantern Row"
).split("|")
FACILITIES = (
    "Greystone University Hospital|Mercy Ridge Hospital|Cedar Hollow Behavioral Health|"
    "Riverbend Counseling Associates|Millbrook Family Medicine|Joshuaville Family Health|"
    "Maple Grove Elementary|Eastside Branch Library|Bellmont Community Clinic|"
    "St. Brendan's Parish|Harrowgate Middle School|Oakhaven Recovery Center|"
    "Valebrook Senior Living|Copper Falls Urgent Care|Thornbury High School"
).split("|")
EMPLOYERS = (
    "Corliss Freight|Hartwell Logistics|Halvorsen Marine|Quillfeather Software|"
    "Dunmore Drug|Brackenridge Foods|Pellston Tool & Die|Westcombe Credit Union|"
    "Saltmarsh Fisheries|Glenmere Print Works|Netherby Paper Co."
).split("|")
CREDENTIALS = "LPC LCSW LMHC LMFT PhD PsyD MD NP LPC-A LCSW-C".split()
KIN_F = "wife mother sister daughter aunt grandmother partner girlfriend niece".split()
KIN_M = "husband father brother son uncle grandfather partner boyfriend nephew".split()
MONTHS = (
    "January February March April May June July August September October November December"
).split()
MONTHS_ABBR = "Jan. Feb. Mar. Apr. May Jun. Jul. Aug. Sept. Oct. Nov. Dec.".split()
MEDS = (
    "sertraline 50 mg|sertraline 100 mg|fluoxetine 20 mg|escitalopram 10 mg|"
    "venlafaxine XR 150 mg|bupropion XL 300 mg|lithium 600 mg bid|quetiapine 50 mg qhs|"
    "olanzapine 5 mg qhs|buprenorphine-naloxone 8/2 mg|naltrexone 50 mg|prazosin 2 mg qhs|"
    "mirtazapine 15 mg|lamotrigine 100 mg|aripiprazole 5 mg"
).split("|")
SCALES = "PHQ-9|GAD-7|PCL-5|AUDIT-C|BDI-II|C-SSRS|EPDS|GDS-15|PDSS|YBOCS".split("|")
DIAGNOSES = (
    "major depressive disorder, recurrent, moderate|generalized anxiety disorder|"
    "panic disorder with agoraphobic avoidance|PTSD|bipolar I disorder, current episode "
    "manic|alcohol use disorder, moderate|opioid use disorder, in early remission|"
    "adjustment disorder with mixed anxiety and depressed mood|prolonged grief disorder|"
    "obsessive-compulsive disorder|ADHD, combined presentation|postpartum depression"
).split("|")
EPONYMS = (
    "Parkinson's disease|Alzheimer's disease|Asperger's syndrome|Hashimoto's thyroiditis|"
    "Crohn's disease|Tourette syndrome|Huntington's disease|the Beck Depression Inventory"
).split("|")
THERAPIES = "CBT|DBT|ACT|EMDR|CPT|prolonged exposure|behavioral activation|IPT|MI".split("|")
DOMAINS = ("example.com", "example.org")

SESSION_KINDS = ("consult", "progress", "phone", "group", "discharge")


class Cast:
    """The people, places and numbers of one note (or of one client across CSV rows)."""

    def __init__(self, r):
        self.r = r
        self.female = r.random() < 0.55
        self.first = r.choice(GIVEN_F if self.female else GIVEN_M)
        self.last = r.choice(SURNAMES)
        self.title = ("Ms." if r.random() < 0.8 else "Mrs.") if self.female else "Mr."
        self.pro = ("she", "her", "her") if self.female else ("he", "him", "his")
        self.age = r.randint(19, 84)
        self.mrn = "%s-%07d" % (r.choice(("RB", "CH", "MR", "PT")), r.randint(0, 9999999))
        self.town = r.choice(TOWNS)
        self.state = r.choice(STATES)
        self.zip = "%05d" % r.randint(1001, 99950)
        self.street = "%d %s" % (r.randint(2, 9899), r.choice(STREETS))
        self.employer = r.choice(EMPLOYERS)
        self.email = "%s.%s%d@%s" % (
            ascii_fold(self.first), ascii_fold(self.last), r.randint(1, 99), r.choice(DOMAINS)
        )
        self.dob = date_mdy(r, 1935, 2006)

    def relative(self):
        r = self.r
        f = r.random() < 0.5
        kin = r.choice(KIN_F if f else KIN_M)
        first = r.choice(GIVEN_F if f else GIVEN_M)
        last = self.last if r.random() < 0.6 else r.choice(SURNAMES)
        return kin, first, last

    def clinician(self):
        r = self.r
        return "%s %s" % (r.choice(GIVEN_F + GIVEN_M), r.choice(SURNAMES)), r.choice(CREDENTIALS)


def sentence_case(s):
    return s[:1].upper() + s[1:]


def ascii_fold(word):
    """"Nguyễn" -> "nguyen", "Ní Bhriain" -> "nibhriain" (for e-mail addresses and URLs)."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def phone(r):
    shape = r.randrange(6)
    a, b = r.randint(200, 989), r.randint(0, 9999)
    if shape == 0:
        return "(555) %03d-%04d" % (a, b)
    if shape == 1:
        return "555-%03d-%04d" % (a, b)
    if shape == 2:
        return "555.%03d.%04d" % (a, b)
    if shape == 3:
        return "(%03d) 555-%04d" % (r.randint(201, 989), r.randint(100, 199))
    if shape == 4:
        return "+1-555-%03d-%04d" % (a, b)
    return "555 %03d %04d" % (a, b)


def date_mdy(r, y0=2019, y1=2025):
    return "%02d/%02d/%d" % (r.randint(1, 12), r.randint(1, 28), r.randint(y0, y1))


def date_any(r):
    shape = r.randrange(7)
    y, m, d = r.randint(2019, 2025), r.randint(1, 12), r.randint(1, 28)
    if shape == 0:
        return "%d/%d/%d" % (m, d, y)
    if shape == 1:
        return "%d-%02d-%02d" % (y, m, d)
    if shape == 2:
        return "%s %d, %d" % (MONTHS[m - 1], d, y)
    if shape == 3:
        return "%s %d" % (MONTHS_ABBR[m - 1], d)
    if shape == 4:
        return "%d %s %d" % (d, MONTHS[m - 1][:3], y)
    if shape == 5:
        return "%d/%d/%02d" % (m, d, y % 100)
    return "%s %d" % (MONTHS[m - 1], y)


ALL_GIVEN = GIVEN_F + GIVEN_M
MEMBER_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"

# How each template field is drawn: from the client (c), or fresh from the generator (r).
# A relative ({kin}, {kfirst}, {klast}) is drawn once per sentence.
FIELDS = {
    "first": lambda r, c: c.first,
    "first_initial": lambda r, c: c.first[0],
    "last": lambda r, c: c.last,
    "LAST": lambda r, c: c.last.upper(),
    "title": lambda r, c: c.title,
    "he": lambda r, c: c.pro[0],
    "He": lambda r, c: c.pro[0].capitalize(),
    "him": lambda r, c: c.pro[1],
    "his": lambda r, c: c.pro[2],
    "His": lambda r, c: c.pro[2].capitalize(),
    "age": lambda r, c: c.age,
    "mrn": lambda r, c: c.mrn,
    "town": lambda r, c: c.town,
    "town2": lambda r, c: r.choice(TOWNS),
    "state": lambda r, c: c.state,
    "zip": lambda r, c: c.zip,
    "street": lambda r, c: c.street,
    "employer": lambda r, c: c.employer,
    "email": lambda r, c: c.email,
    "dob": lambda r, c: c.dob,
    "clin": lambda r, c: "%s %s" % (r.choice(ALL_GIVEN), r.choice(SURNAMES)),
    "dr": lambda r, c: "%s %s" % (r.choice(ALL_GIVEN), r.choice(SURNAMES)),
    "drlast": lambda r, c: r.choice(SURNAMES),
    "facility": lambda r, c: r.choice(FACILITIES),
    "phone": lambda r, c: phone(r),
    "phone2": lambda r, c: phone(r),
    "date": lambda r, c: date_any(r),
    "date2": lambda r, c: date_any(r),
    "mdy": lambda r, c: date_mdy(r),
    "month": lambda r, c: r.choice(MONTHS),
    "year": lambda r, c: r.randint(2015, 2024),
    "med": lambda r, c: r.choice(MEDS),
    "scale": lambda r, c: r.choice(SCALES),
    "score": lambda r, c: r.randint(2, 27),
    "score2": lambda r, c: r.randint(2, 27),
    "dx": lambda r, c: r.choice(DIAGNOSES),
    "eponym": lambda r, c: r.choice(EPONYMS),
    "therapy": lambda r, c: r.choice(THERAPIES),
    "n": lambda r, c: r.randint(10, 16),
    "m": lambda r, c: r.randint(2, 9),
    "hh": lambda r, c: r.randint(8, 17),
    "mm": lambda r, c: r.choice(("00", "15", "30", "45")),
    "ssn": lambda r, c: "9%02d-%02d-%04d" % (r.randint(0, 99), r.randint(70, 99), r.randint(0, 9999)),
    "member": lambda r, c: "%s%09d" % ("".join(r.choice(MEMBER_LETTERS) for _ in range(3)),
                                       r.randint(0, 999999999)),
    "ip": lambda r, c: "203.0.113.%d" % r.randint(1, 254),
    "handle": lambda r, c: "@%s%s%d" % (ascii_fold(c.first)[:4], r.choice(("_", ".", "")), r.randint(10, 99)),
    "url": lambda r, c: "https://portal.%s/r/%s-%04x" % (r.choice(DOMAINS), ascii_fold(c.last), r.randint(0, 65535)),
    "old": lambda r, c: r.randint(90, 101),
}
RELATIVE = ("kin", "kfirst", "klast")


def compile_templates(pool):
    """(template, fields it uses in order) for each template of a pool."""
    out = []
    for t in pool:
        names = []
        for _, field, _, _ in string.Formatter().parse(t):
            if field is not None and field not in names:
                names.append(field)
        unknown = [f for f in names if f not in FIELDS and f not in RELATIVE]
        if unknown:
            raise ValueError("template %r: unknown fields %s" % (t, unknown))
        out.append((t, names))
    return out


# Sentence templates by section. {first}/{last}/{title} are the client; {kfirst}/{klast}
# a relative; {clin}/{dr}/{drlast} clinicians; everything else is in fill().
REFERRAL = [
    "{dr}, MD, at {facility} referred {first} on {date} for {dx}.",
    "Referral faxed by Dr. {drlast} on {mdy}: \"{last}, {first} - low mood, poor sleep, please evaluate.\" Office fax {phone}.",
    "{first} self-referred after {his} {kin} {kfirst} found our number through {employer}'s employee assistance program.",
    "Referred by the emergency department of {facility} after an evaluation on {date}.",
    "{title} {last} was referred by {his} PCP, Dr. {dr}, for {dx}.",
]
BACKGROUND = [
    "{first} {last}, {age}, works at {employer} in {town}.",
    "{He} lives with {his} {kin} {kfirst} at {street}, {town}, {state} {zip}.",
    "{His} {kin}, {kfirst} {klast}, died of complications of {eponym} in {month} {year}, and the low mood dates from the first anniversary.",
    "{first} grew up in {town2} and moved to {town} for work at {employer} about {m} years ago.",
    "{He} has been seen at {facility} twice before, most recently on {date}.",
    "Family history is notable for {eponym} in {his} {kin}.",
    "{His} {kin} {kfirst} ({phone}) is the emergency contact.",
    "{He} asked to be called {first} from the first session; {his} {kin} calls {him} by {his} middle name.",
    "Social: {his} {kin} {kfirst} {klast} helps with childcare; no legal history; no firearms in the home.",
]
COURSE = [
    "Intake was {date}: {scale} of {score}, GAD-7 of {score2}.",
    "{He} attended {m} of {n} sessions since {date}; the missed one was {mdy}.",
    "{title} {last} started {med} on {date} and Dr. {drlast} adjusted it on {date2}.",
    "On {date} {his} {scale} was {score} and {he} described \"a little more room in my head.\"",
    "No SI at any contact; safety plan reviewed with {his} {kin} {kfirst} by phone.",
    "{first} reports {m} panic attacks since the last session, both at work at {employer}.",
    "Sleep 4-{m} h on nights off; appetite reduced; energy low in the mornings.",
    "{first}'s {kin} {kfirst} \"wants me to just quit\" and calls daily.",
    "{He} has been using {therapy} skills between sessions and completed {m} of {n} homework assignments.",
    "Denies SI/HI. Alcohol: {m} drinks on weekends, none during the week.",
    "{title} {last} missed the appointment on {mdy} because of a double shift at {employer}.",
    "Will continue {therapy}; {he} may benefit from a structured module alongside {therapy}.",
    "{His} {kin} {kfirst} {klast} reports that {he} has stopped going to {facility}.",
    "Affect anxious, congruent; thought process linear; speech normal in rate and volume.",
    "The pharmacy label and the intake form both read \"{first_initial}. {last}\".",
    "{LAST} was seen by the on-call psychiatrist, Dr. {drlast}, on {date}.",
    "{first} e-mailed from {email} asking to move the next session.",
    "{He} posts about recovery on Instagram as {handle} and agreed not to post about group members.",
    "The telehealth link ({url}) dropped at {hh}:{mm}; {he} rejoined from {ip}.",
    "{His} grandmother, now {old}, lives with the family and needs help at night.",
]
QUESTIONS = [
    "Whether to bring {kfirst} into a conjoint session.",
    "Threshold for an involuntary evaluation if {he} refuses the ER tomorrow?",
    "Is a change of location mid-session a reportable privacy incident?",
    "How to handle the dual relationship: {first} recognised another member from {employer}.",
    "Refer to the practice's case manager, {dr}, for the financial stress?",
    "{kfirst} asks about family sessions; {first} has agreed \"if it's about the kids, not about me.\"",
]
PLAN = [
    "Will continue {therapy} weekly; next session {date} at {hh}:{mm}.",
    "Repeat {scale} and GAD-7 every two weeks.",
    "Call-back number for {first} (cell, OK to leave a message): {phone}.",
    "Psychiatry follow-up with Dr. {dr} on {date} at {hh}:{mm}.",
    "ROI signed {mdy} for {his} {kin}; summary faxed to {phone2}.",
    "Crisis line 988 and county mobile crisis team {phone} given to {first} and {his} {kin}.",
    "Member ID {member}; SSN on file {ssn} (verify at the front desk).",
    "Discharged to {his} {kin}'s home, {street}, {town}, {state} {zip}; phone {phone}.",
    "Coordinate with {facility} until the first appointment is kept.",
]

REFERRAL, BACKGROUND, COURSE, QUESTIONS, PLAN = (
    compile_templates(p) for p in (REFERRAL, BACKGROUND, COURSE, QUESTIONS, PLAN)
)


def pick(r, pool, k):
    return [pool[i] for i in sorted(r.sample(range(len(pool)), k))]


def sentences(r, c, pool, k):
    """k different templates of `pool`, in pool order, filled with fresh values."""
    out = []
    for t, names in pick(r, pool, k):
        v = {}
        for f in names:
            if f in RELATIVE:
                if "kin" not in v:
                    v["kin"], v["kfirst"], v["klast"] = c.relative()
            else:
                v[f] = FIELDS[f](r, c)
        out.append(t.format(**v))
    return out


def note(r, c, kind, visit=None):
    """One note of `kind` about client `c` (a str with LF line ends)."""
    clin, cred = c.clinician()
    visit = visit or date_mdy(r)
    if kind == "consult":
        lines = [
            "Case consultation note - %s" % r.choice(FACILITIES),
            "Presenting clinician: %s, %s" % (clin, cred),
            "Consultant: Dr. %s %s" % (r.choice(GIVEN_F + GIVEN_M), r.choice(SURNAMES)),
            "Consultation date: %s" % visit,
            "",
            "Client: %s    DOB: %s    MRN: %s" % (c.last.upper(), c.dob, c.mrn),
            "",
            "Referral. " + " ".join(sentences(r, c, REFERRAL, 2)),
            "",
            "Background. " + " ".join(sentences(r, c, BACKGROUND, 4)),
            "",
            "Course. " + " ".join(sentences(r, c, COURSE, 6)),
            "",
            "Question for consultation. " + " ".join(sentences(r, c, QUESTIONS, 2)),
            "",
            "Plan.",
        ] + sentences(r, c, PLAN, 3)
    elif kind == "progress":
        lines = [
            "PROGRESS NOTE (for peer consultation, %s)" % visit,
            "",
            "Client: %s %s    MRN %s" % (c.first, c.last, c.mrn),
            "Clinician: %s, %s" % (clin, cred),
            "Session %d of %d (individual, %s)    Date of service: %s"
            % (r.randint(2, 15), 16, r.choice(("telehealth", "in person")), visit),
            "",
            "SUBJECTIVE:",
        ]
        lines += ["- " + s for s in sentences(r, c, COURSE, 5)]
        lines += ["", "OBJECTIVE:", "- %s: %d" % (r.choice(SCALES), r.randint(2, 27)),
                  "- " + sentences(r, c, COURSE, 1)[0], "", "ASSESSMENT:",
                  "- %s." % sentence_case(r.choice(DIAGNOSES)), "", "PLAN:"]
        lines += ["- " + s for s in sentences(r, c, PLAN, 3)]
    elif kind == "phone":
        lines = [
            "Phone message %s %d:%s, for Dr. %s" % (visit, r.randint(1, 12), r.choice(("05", "20", "40")), r.choice(SURNAMES)),
            "",
            " ".join(sentences(r, c, BACKGROUND, 2) + sentences(r, c, COURSE, 2)),
            "Please call back today: %s." % phone(r),
            "",
            "- %s. %s, front desk" % (r.choice(GIVEN_F)[0], r.choice(SURNAMES)),
        ]
    elif kind == "group":
        members = ", ".join(
            "%s %s" % (r.choice(GIVEN_F + GIVEN_M), r.choice(SURNAMES)) for _ in range(r.randint(4, 8))
        )
        lines = [
            "%s SKILLS GROUP - summary for the team consultation" % r.choice(("DBT", "CBT", "ACT")),
            "Group at %s, %s, %s" % (r.choice(FACILITIES), c.street, c.town),
            "Facilitators: %s, %s, and %s, %s" % (clin, cred, *c.clinician()),
            "Session %d of 24, %s" % (r.randint(2, 23), visit),
            "",
            "Present: %s" % members,
            "",
            "Process",
            " ".join(sentences(r, c, COURSE, 5)),
            "",
            " ".join(sentences(r, c, BACKGROUND, 3)),
            "",
            "Questions for the team",
        ]
        lines += ["%d. %s" % (i + 1, s) for i, s in enumerate(sentences(r, c, QUESTIONS, 2))]
    else:  # discharge
        lines = [
            "DISCHARGE SUMMARY - ADULT INPATIENT PSYCHIATRY",
            "%s, %s, %s, %s %s" % (r.choice(FACILITIES), r.choice(("2200", "18", "45", "310")) + " " + r.choice(STREETS), c.town, c.state, c.zip),
            "",
            "Patient: %s %s    MRN: %s    DOB: %s" % (c.first, c.last, c.mrn, c.dob),
            "Admission: %s    Discharge: %s    LOS: %d days" % (date_any(r), visit, r.randint(3, 21)),
            "Attending: %s, MD    Social work: %s, LCSW" % (clin, c.clinician()[0]),
            "",
            "Reason for admission. " + " ".join(sentences(r, c, REFERRAL, 1) + sentences(r, c, BACKGROUND, 3)),
            "",
            "Hospital course. Diagnosis: %s. " % r.choice(DIAGNOSES) + " ".join(sentences(r, c, COURSE, 5)),
            "",
            "Discharge plan.",
        ]
        lines += ["- " + s for s in sentences(r, c, PLAN, 4)]
        lines += ["", "Electronically signed: %s, %s %02d:%02d" % (clin, visit, r.randint(7, 20), r.randint(0, 59))]
    return "\n".join(lines) + "\n"


def notes_until(r, target_bytes, crlf_share=0.03):
    """Yields (cast, kind, text) until about target_bytes UTF-8 bytes were produced."""
    done = 0
    while done < target_bytes:
        c = Cast(r)
        kind = SESSION_KINDS[r.choices(range(5), weights=(30, 35, 10, 15, 10))[0]]
        text = note(r, c, kind)
        if r.random() < crlf_share:
            text = text.replace("\n", "\r\n")
        done += len(text.encode("utf-8")) + 1
        yield c, kind, text


def rng(seed, what):
    return random.Random("%d/%s" % (seed, what))


def write_text(path, mb, seed):
    r = rng(seed, "text")
    with open(path, "w", encoding="utf-8", newline="") as f:
        for _, _, text in notes_until(r, int(mb * 1e6)):
            f.write(text)
            f.write("\n")


def write_csv(path, mb, seed):
    r = rng(seed, "csv")
    target, done, row = int(mb * 1e6), 0, 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["note_id", "client_id", "visit_date", "clinician", "service", "minutes", "note", "billing_code"])
        client = 0
        while done < target:
            client += 1
            c = Cast(r)
            cid = "C%06d" % client
            for _ in range(r.randint(1, 6)):
                row += 1
                visit = date_mdy(r, 2022, 2025)
                kind = SESSION_KINDS[r.choices(range(5), weights=(30, 45, 15, 5, 5))[0]]
                text = note(r, c, kind, visit)
                clin, cred = c.clinician()
                cells = ["N%07d" % row, cid, visit, "%s, %s" % (clin, cred), kind,
                         str(r.choice((30, 45, 53, 60, 90))), text.rstrip("\n"),
                         r.choice(("90834", "90837", "90847", "90853", "99214"))]
                w.writerow(cells)
                done += sum(len(x.encode("utf-8")) for x in cells) + 20


def write_tree(path, mb, seed):
    r = rng(seed, "tree")
    if os.path.isdir(path) and os.listdir(path):
        sys.exit("corpus.py: %s exists and is not empty" % path)
    target, done, client = int(mb * 1e6), 0, 0
    while done < target:
        client += 1
        c = Cast(r)
        d = os.path.join(path, "site-%02d" % r.randint(1, 8), "client-%05d" % client)
        os.makedirs(d)
        for i in range(r.randint(1, 6)):
            y, m, day = r.randint(2020, 2025), r.randint(1, 12), r.randint(1, 28)
            kind = SESSION_KINDS[r.choices(range(5), weights=(30, 45, 15, 5, 5))[0]]
            text = note(r, c, kind, "%02d/%02d/%d" % (m, day, y))
            name = "%d-%02d-%02d-%02d-%s.txt" % (y, m, day, i + 1, kind)
            with open(os.path.join(d, name), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            done += len(text.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--text", metavar="FILE")
    ap.add_argument("--text-mb", type=float, default=100.0)
    ap.add_argument("--csv", metavar="FILE")
    ap.add_argument("--csv-mb", type=float, default=20.0)
    ap.add_argument("--tree", metavar="DIR")
    ap.add_argument("--tree-mb", type=float, default=20.0)
    a = ap.parse_args()
    if not (a.text or a.csv or a.tree):
        ap.error("nothing to do: give --text, --csv and/or --tree")
    if a.text:
        write_text(a.text, a.text_mb, a.seed)
    if a.csv:
        write_csv(a.csv, a.csv_mb, a.seed)
    if a.tree:
        write_tree(a.tree, a.tree_mb, a.seed)


if __name__ == "__main__":
    main()
