"""The demo accounts and reference data `make run` seeds (no Django models imported here, so
the launcher can print the logins before Django is set up)."""

from dataclasses import dataclass

from applications.enums import ApplicationStatus
from rotations.enums import SiteKind

from .users.enums import StaffGroup

DEMO_PASSWORD = "observe-houston-2026"  # noqa: S105 - demo accounts on a developer's machine
DEMO_INTAKE = "2027"
# Every demo staff account's authenticator app has this key (base32), printed in the banner:
# add it to an app, or print the current code with `make code EMAIL=admin@hmc.test`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - demo accounts on a developer's machine

SPECIALTIES = {
    "Internal Medicine": "Inpatient wards and outpatient clinics: the backbone of US residency.",
    "Family Medicine": "Continuity care for all ages in community clinics.",
    "Pediatrics": "Newborn nursery, general pediatrics clinic and inpatient rounds.",
    "Surgery": "Pre-operative clinic, the operating room (observing) and post-op rounds.",
    "Cardiology": "Consult service, echo and cath lab observation, heart-failure clinic.",
    "Psychiatry": "Outpatient psychiatry and consultation-liaison service.",
    "Neurology": "Stroke service, EEG reading and general neurology clinic.",
    "OB/GYN": "Labor and delivery, prenatal clinic and gynecology.",
}

SITES = [
    (
        "Memorial Hermann – Texas Medical Center",
        SiteKind.HOSPITAL,
        "6411 Fannin St, Houston, TX 77030",
        "Report at 7:30 am to the main lobby information desk; bring your passport.",
    ),
    (
        "Houston Methodist Hospital",
        SiteKind.HOSPITAL,
        "6565 Fannin St, Houston, TX 77030",
        "Report at 8:00 am to Graduate Medical Education, 2nd floor, Smith Tower.",
    ),
    (
        "Harris Health Ben Taub Hospital",
        SiteKind.HOSPITAL,
        "1504 Ben Taub Loop, Houston, TX 77030",
        "Report at 7:00 am to the volunteer office next to the main entrance.",
    ),
    (
        "Bellaire Family Health Clinic",
        SiteKind.CLINIC,
        "5420 Bellaire Blvd, Bellaire, TX 77401",
        "Report at 8:30 am to the front desk and ask for the clinic manager.",
    ),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    timezone: str
    language: str = "en"  # pages and emails in this language (settings.LANGUAGES)


PRECEPTORS = [
    (
        DemoPerson("dr.patel@hmc.test", "Anita", "Patel", "America/Chicago"),
        "MD, FACP",
        "Baylor College of Medicine · Ben Taub Hospital",
        ["Internal Medicine", "Cardiology"],
        "Internist and clinician-educator with 15 years of teaching residents and observers.",
    ),
    (
        DemoPerson("dr.okafor@hmc.test", "Chinedu", "Okafor", "America/Chicago"),
        "MD, FAAFP",
        "UTHealth Houston McGovern Medical School",
        ["Family Medicine"],
        "Family physician who runs a community clinic and mentors IMGs through the Match.",
    ),
    (
        DemoPerson("dr.garcia@hmc.test", "Lucia", "Garcia", "America/Chicago"),
        "MD, FAAP",
        "Texas Children's Hospital",
        ["Pediatrics"],
        "General pediatrician with a focus on newborn care and resident teaching.",
    ),
    (
        DemoPerson("dr.nguyen@hmc.test", "Minh", "Nguyen", "America/Chicago"),
        "MD, FACS",
        "Houston Methodist Hospital",
        ["Surgery"],
        "General surgeon; observers join clinic, the operating room and rounds.",
    ),
    (
        DemoPerson("dr.haddad@hmc.test", "Samir", "Haddad", "America/Chicago"),
        "MD",
        "Memorial Hermann – Texas Medical Center",
        ["Psychiatry", "Neurology"],
        "Psychiatrist on the consultation-liaison service with a neurology background.",
    ),
    (
        DemoPerson("dr.williams@hmc.test", "Grace", "Williams", "America/Chicago"),
        "MD, FACOG",
        "Baylor College of Medicine",
        ["OB/GYN"],
        "Obstetrician-gynecologist teaching on labor and delivery.",
    ),
]

STAFF = [
    (DemoPerson("admin@hmc.test", "Ada", "Admin", "America/Chicago"), None),
    (
        DemoPerson("coordinator@hmc.test", "Carmen", "Coordinator", "America/Chicago"),
        StaffGroup.COORDINATOR,
    ),
    (DemoPerson("reviewer@hmc.test", "Ravi", "Reviewer", "America/Chicago"), StaffGroup.REVIEWER),
]

# Each applicant's application is walked through the lifecycle to the last status given.
APPLICANTS = [
    (
        DemoPerson("amina@example.com", "Amina", "Yusuf", "Africa/Lagos"),
        "NG",  # Nigeria
        "University of Lagos College of Medicine",
        2023,
        [],
    ),
    (
        DemoPerson("rahul@example.com", "Rahul", "Sharma", "Asia/Kolkata"),
        "IN",  # India
        "Maulana Azad Medical College",
        2022,
        [ApplicationStatus.SUBMITTED],
    ),
    (
        DemoPerson("maria@example.com", "María", "López", "America/Bogota", "es"),
        "CO",  # Colombia
        "Universidad Nacional de Colombia",
        2021,
        [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW],
    ),
    (
        DemoPerson("omar@example.com", "Omar", "Hassan", "Africa/Cairo"),
        "EG",  # Egypt
        "Cairo University Faculty of Medicine",
        2020,
        [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.INTERVIEW],
    ),
    (
        DemoPerson("li.wei@example.com", "Wei", "Li", "Asia/Shanghai"),
        "CN",  # China
        "Peking University Health Science Center",
        2022,
        [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.ACCEPTED],
    ),
    # Rotations (issue 6): Fatima accepted her offer and has not chosen yet; Kwame has chosen
    # two blocks (DEMO_PLACEMENTS), one of them confirmed.
    (
        DemoPerson("fatima@example.com", "Fatima", "Khan", "Asia/Karachi"),
        "PK",  # Pakistan
        "King Edward Medical University",
        2021,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    (
        DemoPerson("kwame@example.com", "Kwame", "Mensah", "Africa/Accra"),
        "GH",  # Ghana
        "University of Ghana Medical School",
        2022,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    # Releasing places: Nadia took the offer and chose two blocks (one confirmed) but never
    # paid her deposit; it is overdue past BILLING_RELEASE_AFTER_DAYS with no wire declared
    # (DEMO_OVERDUE_DEPOSITS), so a coordinator may release her places.
    (
        DemoPerson("nadia@example.com", "Nadia", "Rahman", "Asia/Dhaka"),
        "BD",  # Bangladesh
        "Dhaka Medical College",
        2021,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    # Refunds: Sofía paid her deposit and part of her balance, then cancelled one confirmed block
    # (DEMO_REFUNDS): the refunds wait for the coordinator's approval; the program cancelled
    # her other block (DEMO_PROGRAM_CANCELLED): a refund, or a replacement block instead.
    (
        DemoPerson("sofia@example.com", "Sofía", "Ramírez", "America/Lima", "es"),
        "PE",  # Peru
        "Universidad Peruana Cayetano Heredia",
        2021,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    # Visa invitation letters (DEMO_VISA_LETTERS): Ngozi's letter is issued (its verification
    # code works on /verify/); Arjun's request waits for the coordinator.
    (
        DemoPerson("ngozi@example.com", "Ngozi", "Adeyemi", "Africa/Lagos"),
        "NG",  # Nigeria
        "University of Ibadan College of Medicine",
        2021,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    (
        DemoPerson("arjun@example.com", "Arjun", "Mehta", "Asia/Kolkata"),
        "IN",  # India
        "Grant Government Medical College",
        2020,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),  # After the rotation (DEMO_AFTERCARE): Lucía completed two blocks (certificate issued,
    # feedback given on one, the other waiting); Tomás and Hana gave Dr. Patel feedback.
    (
        DemoPerson("lucia@example.com", "Lucía", "Fernández", "America/Argentina/Buenos_Aires"),
        "AR",  # Argentina
        "Universidad de Buenos Aires Facultad de Medicina",
        2021,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    (
        DemoPerson("tomas@example.com", "Tomás", "Silva", "America/Sao_Paulo"),
        "BR",  # Brazil
        "Universidade de São Paulo Faculdade de Medicina",
        2022,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    (
        DemoPerson("hana@example.com", "Hana", "Kobayashi", "Asia/Tokyo"),
        "JP",  # Japan
        "Kyoto University Faculty of Medicine",
        2020,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    # Letters of recommendation (hmc_portal.demo_letters): their block ended weeks ago.
    # Thanh's request waits for Dr. Nguyen; Leila's letter is written and in ERAS.
    (
        DemoPerson("thanh@example.com", "Thanh", "Nguyễn", "Asia/Ho_Chi_Minh"),
        "VN",  # Vietnam
        "Hanoi Medical University",
        2022,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    (
        DemoPerson("leila@example.com", "Leila", "Haddadi", "Asia/Amman"),
        "JO",  # Jordan
        "University of Jordan School of Medicine",
        2021,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
]

# --- Rotations (issue 6) ---
# Each preceptor's site; every preceptor gets ROTATION_BLOCKS consecutive 4-week blocks from
# the first block after next week, alternating between their specialties. Blocks start on
# Mondays a whole number of 4-week blocks after ROTATION_EPOCH, so seeding on another day
# lines up with what exists instead of creating overlapping blocks.
ROTATION_SITES = {
    "dr.patel@hmc.test": "Harris Health Ben Taub Hospital",
    "dr.okafor@hmc.test": "Bellaire Family Health Clinic",
    "dr.garcia@hmc.test": "Memorial Hermann – Texas Medical Center",
    "dr.nguyen@hmc.test": "Houston Methodist Hospital",
    "dr.haddad@hmc.test": "Memorial Hermann – Texas Medical Center",
    "dr.williams@hmc.test": "Houston Methodist Hospital",
}
REPORTING_TIMES = {  # as the sites' reporting instructions say
    "Memorial Hermann – Texas Medical Center": "07:30",
    "Houston Methodist Hospital": "08:00",
    "Harris Health Ben Taub Hospital": "07:00",
    "Bellaire Family Health Clinic": "08:30",
}
ROTATION_EPOCH = "2026-01-05"  # a Monday
ROTATION_BLOCKS = 6
ROTATION_CAPACITY = 2
# applicant -> [(preceptor, block index, confirmed by the preceptor?)], in order of preference
DEMO_PLACEMENTS = {
    "kwame@example.com": [("dr.patel@hmc.test", 0, False), ("dr.okafor@hmc.test", 1, True)],
    "nadia@example.com": [("dr.nguyen@hmc.test", 1, True), ("dr.haddad@hmc.test", 2, False)],
}
# The demo applicant who chooses rotations (issue 12): her specialties are ones the preceptors
# teach, and her preferred start is the month of the block this many blocks ahead, past the
# visa lead time (MIN_WEEKS_BEFORE_START), so her cards are filtered for her.
DEMO_INTERESTS = {"fatima@example.com": (["Internal Medicine", "Cardiology", "Neurology"], 3)}
# --- end of Rotations ---


def logins() -> list[tuple[str, str, str]]:
    """(role, email, password) of every demo account, for the terminal."""
    rows = [
        ("superuser" if group is None else group.label.lower(), person.email, DEMO_PASSWORD)
        for person, group in STAFF
    ]
    rows += [
        ("preceptor", person.email, DEMO_PASSWORD)
        for person, *_ in [*PRECEPTORS, AFTERCARE_PRECEPTOR]
    ]
    rows += [
        (f"applicant ({_stage(person.email, path)})", person.email, DEMO_PASSWORD)
        for person, _c, _s, _y, path in [*APPLICANTS, *AFTERCARE_APPLICANTS]
    ]
    # The mentoring advisor (hmc_portal.demo_mentoring): a mentor who is not a preceptor.
    rows.append(("mentor (residency application advisor)", "advisor@hmc.test", DEMO_PASSWORD))
    return rows


def _stage(email: str, path) -> str:
    """Where an applicant stands once seeded: the end of their path, or enrolled with a
    cancelled block and refunds waiting (DEMO_REFUNDS), or a draft."""
    if email in DEMO_REFUNDS:
        return "enrolled, refunds to approve"
    if email in DEMO_OVERDUE_DEPOSITS:
        return "deposit overdue: places may be released"
    if email in AFTERCARE_STAGES:
        return AFTERCARE_STAGES[email]
    if email in LETTER_STAGES:
        return LETTER_STAGES[email]
    if email in DEMO_VISA_LETTERS:
        approved = DEMO_VISA_LETTERS[email][-1]
        return "enrolled, visa letter " + ("issued" if approved else "waiting for staff")
    if email in DEMO_AFTERCARE:
        _blocks, _feedback, completed = DEMO_AFTERCARE[email]
        return "completed: certificate issued" if completed else "enrolled, feedback given"
    return path[-1].label.lower() if path else "draft"


# --- Fees (billing) ---
# The fee schedule in force, and a next version from the coming 1 January with higher block
# prices (so /pricing/ shows "From ..."). Amounts in cents. Blocks of a plan, in date order:
# the 2nd is 10 % off, the 3rd and later 15 % off.
FEE_SCHEDULE = {
    "name": "Fees 2026",
    "valid_from": "2026-01-01",
    "application_fee": 10000,
    "block_price": 150000,
    "deposit": 50000,
    "retention_percent": 25,
    "balance_due_days": 30,
    "included": "Professional liability insurance for your blocks\n"
    "Orientation on your first day\n"
    "Your visa invitation letter once your rotations are confirmed\n"
    "A letter of recommendation where your preceptor offers one\n"
    "A certificate of completion",
    "not_included": "Travel to and from Houston\nHousing\nVisa fees\nHealth insurance",
    "notes": "",
}
FEE_SPECIALTY_PRICES = {"Surgery": 180000}
FEE_DISCOUNTS = [(2, 10, ""), (3, 15, "")]  # (from block, percent off, label)
NEXT_FEE_SCHEDULE = {"name": "Fees 2027", "block_price": 160000}
NEXT_FEE_SPECIALTY_PRICES = {"Surgery": 190000}
# --- end of Fees ---

# --- Invoices and payments ---
# Who has a deposit invoice (they took the offer), who declared a wire transfer for it (their
# places are held) and whose deposit is paid (the coordinator recorded the wire).
DEMO_INVOICES = ["fatima@example.com", "kwame@example.com"]
DEMO_DECLARED_WIRES = {"fatima@example.com": "MCB-PK-20261128-4471"}
DEMO_PAID_DEPOSITS = {"kwame@example.com": "GCB-GH-TT2611-0093"}
# applicant -> days their deposit invoice is past the day places may be released (due date +
# BILLING_RELEASE_AFTER_DAYS): no wire declared, so staff find it under "Overdue, places may
# be released".
DEMO_OVERDUE_DEPOSITS = {"nadia@example.com": 3}
# --- end of Invoices and payments ---

# --- Refunds ---
# applicant -> (preceptor, block index, deposit wire reference, balance wire reference, what
# she paid on the balance invoice (cents), why she cancelled): the block is confirmed, the
# deposit paid and the balance partly paid, then the applicant cancels it: the unpaid part
# is credited on the balance invoice (a credit note), the paid part proposed as refunds.
DEMO_REFUNDS = {
    "sofia@example.com": (
        "dr.garcia@hmc.test",
        2,
        "BCP-PE-20261120-1187",
        "BCP-PE-20261126-2203",
        150000,
        "Mi examen USMLE Step 2 se movió a esas fechas.",
    ),
}
# applicant -> (preceptor, block index, why): a second block of the applicant in
# DEMO_REFUNDS, confirmed and paid with the first, that the program office then cancels: her
# refunds page offers keeping its refund or a replacement block instead.
DEMO_PROGRAM_CANCELLED = {
    "sofia@example.com": ("dr.nguyen@hmc.test", 4, "The preceptor is on leave that month."),
}
# --- end of Refunds ---

# --- Visa invitation letters (rotations.arrival) ---
# applicant -> (preceptor, block index, passport name, passport number, date of birth,
# consulate, approved by the coordinator?). Each pays the deposit, has the block confirmed
# (enrolled), then asks for the letter.
DEMO_VISA_LETTERS = {
    "ngozi@example.com": (
        "dr.patel@hmc.test",
        2,
        "ADEYEMI NGOZI",
        "A07731942",
        "1995-06-21",
        "US Consulate General Lagos",
        True,
    ),
    "arjun@example.com": (
        "dr.haddad@hmc.test",
        3,
        "MEHTA ARJUN",
        "Z4417280",
        "1994-11-02",
        "US Consulate General Mumbai",
        False,
    ),
}
# --- end of Visa invitation letters ---


# --- After the rotation (observer feedback, completion certificate) ---
# Past blocks (already over), written as data because the placement services take only
# blocks still to come: email -> ([(preceptor, block index before the first coming block,
# specialty)], indexes of the blocks given feedback with (teaching, welcome, exposure,
# organisation, would recommend, comments), completed by the coordinator). Dr. Patel has
# three responses, so her averages show on her portal.
DEMO_AFTERCARE = {
    "lucia@example.com": (
        [
            ("dr.patel@hmc.test", -5, "Internal Medicine"),
            ("dr.okafor@hmc.test", -4, "Family Medicine"),
        ],
        {0: (5, 5, 4, 4, True, "Dr. Patel taught at every bedside; rounds started on time.")},
        True,
    ),
    "tomas@example.com": (
        [("dr.patel@hmc.test", -8, "Internal Medicine")],
        {0: (4, 5, 4, 3, True, "A welcoming team; the first day's schedule was unclear.")},
        False,
    ),
    "hana@example.com": (
        [("dr.patel@hmc.test", -11, "Cardiology")],
        {0: (5, 4, 5, 5, True, "")},
        False,
    ),
}
# --- end of After the rotation ---

# --- Attendance, evaluations and completion (hmc_portal/demo_attendance.py) ----------------
# A preceptor whose two observers' blocks are over: Mateo's ended last week and waits for his
# attendance and final evaluation; Aisha's ended a month ago, both are in and her
# application is completed.
AFTERCARE_PRECEPTOR = (
    DemoPerson("dr.ruiz@hmc.test", "Elena", "Ruiz", "America/Chicago"),
    "MD, FACP",
    "Harris Health Ben Taub Hospital",
    ["Internal Medicine"],
    "Hospitalist who has hosted observers on the internal medicine wards for ten years.",
)
AFTERCARE_APPLICANTS = [
    (
        DemoPerson("mateo@example.com", "Mateo", "Herrera", "America/Lima", "es"),
        "PE",  # Peru
        "Universidad Peruana Cayetano Heredia",
        2022,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
    (
        DemoPerson("aisha@example.com", "Aisha", "Rahman", "Asia/Dhaka"),
        "BD",  # Bangladesh
        "Dhaka Medical College",
        2021,
        [
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.CONFIRMED,
        ],
    ),
]
# Where each stands once seeded (the demo places them on blocks already over).
# Where the observers of hmc_portal.demo_letters stand once seeded.
LETTER_STAGES = {
    "thanh@example.com": "completed, letter request waiting for Dr. Nguyen",
    "leila@example.com": "completed, letter written and uploaded to ERAS",
}
AFTERCARE_STAGES = {
    "mateo@example.com": "enrolled, block ended: attendance and evaluation awaited",
    "aisha@example.com": "completed",
}
