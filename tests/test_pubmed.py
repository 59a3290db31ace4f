"""PubMed XML and MEDLINE text: the facts of every corpus file, read off the files by a person,
and the MEDLINE 2016 chunk checked citation by citation against NLM's own labels."""

import gzip
import re
import time
from pathlib import Path

import pytest
from lxml import etree

from bilinorm import NoArticleFound, normalize, normalize_all, to_json_bytes, validate
from bilinorm.sites import choose_adapter
from bilinorm.sites import medline_text, pubmed_xml

DATA = Path(__file__).parent / "data" / "structured"
CHUNK = DATA / "pubmedxml_pubmedparser_medline16n0902_full.xml.gz"
TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")


def _records(name):
    return normalize_all((DATA / name).read_bytes(), path=name)


def _one(name):
    records = _records(name)
    assert len(records) == 1
    validate(records[0])
    return records[0]


# --- the MEDLINE 2016 chunk ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def chunk():
    """(records, seconds, the citations as lxml elements) for the 604-citation chunk."""
    data = gzip.decompress(CHUNK.read_bytes())
    started = time.perf_counter()
    records = normalize_all(data, path=CHUNK.name)
    seconds = time.perf_counter() - started
    print(f"\nMEDLINE chunk: {len(records)} citations normalized in {seconds:.2f} s")
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    citations = etree.fromstring(data, parser).findall("MedlineCitation")
    return records, seconds, citations


def test_chunk_gives_one_record_per_citation_in_order(chunk):
    records, _, citations = chunk
    assert len(citations) == 604 and len(records) == 604
    assert [r.identifiers.pmid for r in records] == [c.findtext("PMID") for c in citations]
    # 579 citations have a DOI; the other 25 are identified by their PMID.
    assert sum(r.id.startswith("doi:") for r in records) == 579
    assert all(r.id == f"pmid:{r.identifiers.pmid}" for r in records if not r.identifiers.doi)
    assert len({r.id for r in records}) == 604
    assert all(r.source.site == "pubmed" and r.source.format == "xml" for r in records)


def test_chunk_is_fast(chunk):
    _, seconds, _ = chunk
    assert seconds < 10, f"604 citations took {seconds:.1f} s"


def test_chunk_records_validate(chunk):
    for record in chunk[0]:
        validate(record)


def test_chunk_sections_are_nlms_own(chunk):
    """Every labelled AbstractText is one section whose heading is its Label and whose category
    is its NlmCategory; UNLABELLED parts are unlabelled sections without heading."""
    records, _, citations = chunk
    labelled = 0
    for record, citation in zip(records, citations):
        parts = citation.findall("Article/Abstract/AbstractText")
        if not any(p.get("Label") for p in parts):
            continue
        sections = record.abstract["en"]
        assert len(sections) == len(parts), record.id
        for section, part in zip(sections, parts):
            if part.get("Label") == "UNLABELLED":
                assert (section.heading, section.label) == (None, "unlabelled")
                continue
            labelled += 1
            assert section.heading == part.get("Label"), record.id
            if part.get("NlmCategory"):
                assert section.category == part.get("NlmCategory"), (record.id, part.get("Label"))
            assert " ".join(section.sentences) == section.text
    assert labelled == 1075


def test_chunk_labels_from_lexicon_or_label(chunk):
    by_heading = {s.heading: s.label for r in chunk[0] for s in r.abstract.get("en", ()) if s.heading}
    assert by_heading["RESULT(S)"] == by_heading["RESULTS"] == "results"
    assert by_heading["PATIENTS(S)"] == by_heading["PATIENT(S)"] == "patients"  # NLM's typo
    assert by_heading["MAIN OUTCOMEMEASURES"] == by_heading["MAIN OUTCOME MEASURES"] == "main_outcome_measures"
    assert by_heading["CASE STUDY 1"] == "case_study_1"
    assert by_heading["CLINICAL TRIAL REGISTRATION NUMBER"] == "trial_registration"


def test_chunk_italian_citations_have_their_vernacular_title(chunk):
    records, _, citations = chunk
    italian = [(r, c) for r, c in zip(records, citations) if c.findtext("Article/Language") == "ita"]
    assert len(italian) == 18
    for record, citation in italian:
        vernacular = " ".join(citation.findtext("Article/VernacularTitle").split())
        assert record.title["it"] == vernacular.removesuffix(".")
        assert record.title["en"].startswith("[")  # NLM brackets a translated title, kept as printed
    assert not any("it" in r.title for r, c in zip(records, citations) if c.findtext("Article/Language") == "eng")


def test_chunk_other_abstracts_are_publisher_placeholders(chunk):
    """All 21 OtherAbstracts (20 pol, 1 fre) say only `Abstract available from the publisher.`:
    an English placeholder, not a Polish or French abstract. It is accounted, never kept."""
    records, _, citations = chunk
    others = [(r, o.get("Language")) for r, c in zip(records, citations) for o in c.findall("OtherAbstract")]
    assert sorted(lang for _, lang in others) == ["fre"] + ["pol"] * 20
    for record, lang in others:
        assert not set(record.abstract) - {"en"}
        assert {"kind": "placeholder", "name": f"OtherAbstract[{lang}]", "chars": 38} in _removed(record)
    text = "\n".join(to_json_bytes(r).decode() for r, _ in others)
    assert "Abstract available from the publisher" not in text


def test_chunk_copyright_is_not_abstract_text(chunk):
    records, _, citations = chunk
    with_copyright = 0
    for record, citation in zip(records, citations):
        notice = citation.findtext("Article/Abstract/CopyrightInformation")
        if notice:
            with_copyright += 1
            assert notice.strip() not in " ".join(s.text for s in record.abstract["en"])
            assert any(r.kind == "copyright" for r in record.removed)
    assert with_copyright == 244


def test_chunk_trial_registrations(chunk):
    by_pmid = {r.identifiers.pmid: r for r in chunk[0]}
    # DataBank ClinicalTrials.gov, EudraCT and ISRCTN accessions; PDB and GEO ones are not trials.
    registered = {pmid: r.identifiers.trial_registrations for pmid, r in by_pmid.items()
                  if r.identifiers.trial_registrations}
    assert "2010-019469-26" in sum(registered.values(), [])
    assert not any(t.startswith(("GSE", "PRJNA", "4")) for t in sum(registered.values(), []))
    assert by_pmid["26253018"].identifiers.trial_registrations == ["NCT01384227", "NCT02018367"]


# --- single citations: the facts of each file ----------------------------------------------------

# file: (id, titles, (author count, first, last), keywords, [(heading, label, category)],
#        first sentence of the first section, last sentence of the last section)
CITATIONS = {
    "pubmedxml_medline16n0902_pmid25913389.xml": (
        "doi:10.1016/j.eururo.2015.03.044",
        {"en": "Adverse Pathologic Features at Radical Prostatectomy: Effect of Preoperative Risk on Oncologic Outcomes"},
        (3, "Mariam Imnadze", "Andrew J Vickers"),
        ["Biochemical risk", "Oncologic outcome", "Positive surgical margin", "Prediction", "Prostatic neoplasm"],
        [("BACKGROUND", "background", "BACKGROUND"), ("OBJECTIVE", "objective", "OBJECTIVE"),
         ("DESIGN, SETTING, AND PARTICIPANTS", "design_setting_and_participants", "METHODS"),
         ("OUTCOME MEASUREMENTS AND STATISTICAL ANALYSIS", "outcome_measurements_and_statistical_analysis", "METHODS"),
         ("RESULTS AND LIMITATIONS", "results_and_limitations", "CONCLUSIONS"),
         ("CONCLUSIONS", "conclusions", "CONCLUSIONS"), ("PATIENT SUMMARY", "patient_summary", "RESULTS")],
        "Up to 30% of patients with low-risk prostate cancer (PCa) are found to have features of aggressive disease",
        "is reduced by approximately 50% in men with clinically low-risk prostate cancer.",
    ),
    "pubmedxml_medline16n0902_pmid26059205.xml": (
        "doi:10.1186/s13613-015-0054-z",
        {"en": "Efficiency of a mechanical device in controlling tracheal cuff pressure in intubated critically ill "
               "patients: a randomized controlled study"},
        (7, "Saad Nseir", "Ignacio Martin-Loeches"),
        [],
        [("BACKGROUND", "background", "BACKGROUND"), ("METHODS", "methods", "METHODS"),
         ("RESULTS", "results", "RESULTS"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS"),
         ("TRIAL REGISTRATION", "trial_registration", "BACKGROUND")],
        "Cuff pressure (P cuff) control is mandatory to avoid leakage of oral secretions",
        "Clinicaltrial.gov: NCT02109003.",
    ),
    "pubmedxml_medline16n0902_pmid26187300.xml": (
        "doi:10.1016/j.fertnstert.2015.06.027",
        {"en": "Intercycle variability of the ovarian response in patients undergoing repeated stimulation with "
               "corifollitropin alfa in a gonadotropin-releasing hormone antagonist protocol"},
        (8, "Luk Rombauts", "Georg Griesinger"),
        ["Corifollitropin alfa", "GnRH antagonist", "controlled ovarian stimulation", "ovarian response",
         "repeated ovarian stimulation"],
        [("OBJECTIVE", "objective", "OBJECTIVE"), ("DESIGN", "design", "METHODS"), ("SETTING", "setting", "METHODS"),
         ("PATIENT(S)", "patients", "METHODS"), ("INTERVENTION(S)", "intervention", "METHODS"),
         ("MAIN OUTCOME MEASURE(S)", "main_outcome_measures", "METHODS"), ("RESULT(S)", "results", "RESULTS"),
         ("CONCLUSION(S)", "conclusions", "CONCLUSIONS"),
         ("CLINICAL TRIAL REGISTRATION NUMBER", "trial_registration", "BACKGROUND")],
        "To determine whether individual subject variation in ovarian response between repeated cycles",
        "NCT00696878 Protocol P05714.",
    ),
    "pubmedxml_medline16n0902_pmid26209829.xml": (
        "doi:10.1016/j.fertnstert.2015.07.001",
        {"en": "Follicular fluid and mural granulosa cells microRNA profiles vary in in vitro fertilization "
               "patients depending on their age and oocyte maturation stage"},
        (9, "Juan Manuel Moreno", "Francisco Domínguez"),
        ["Follicular fluid", "biomarker", "granulosa cells", "miRNA", "oocytes"],
        [("OBJECTIVE", "objective", "OBJECTIVE"), ("DESIGN", "design", "METHODS"), ("SETTING", "setting", "METHODS"),
         ("PATIENTS(S)", "patients", "METHODS"), ("INTERVENTION(S)", "intervention", "METHODS"),
         ("MAIN OUTCOME MEASURE(S)", "main_outcome_measures", "METHODS"), ("RESULT(S)", "results", "RESULTS"),
         ("CONCLUSION(S)", "conclusions", "CONCLUSIONS"),
         ("CLINICAL TRIAL REGISTRATION NUMBER", "trial_registration", "BACKGROUND")],
        "To determine whether there is any difference in the follicular fluid (FF) microRNA (miRNA) profiles",
        "Not applicable.",
    ),
    "pubmedxml_medline16n0902_pmid26253018.xml": (
        "doi:10.1016/j.gie.2015.06.045",
        {"en": "Quantitative analysis of high-resolution microendoscopic images for diagnosis of neoplasia in "
               "patients with Barrett's esophagus"},
        (9, "Dongsuk Shin", "Rebecca R Richards-Kortum"),
        [],
        [("BACKGROUND AND AIMS", "background_and_aims", "OBJECTIVE"), ("METHODS", "methods", "METHODS"),
         ("RESULTS", "results", "RESULTS"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS"),
         ("CLINICAL TRIAL REGISTRATION NUMBER", "trial_registration", "BACKGROUND")],
        "Previous studies show that microendoscopic images can be interpreted visually",
        "NCT01384227 and NCT02018367.).",
    ),
    "pubmedxml_medline16n0902_pmid26311886.xml": (
        "doi:10.1128/jvi.01745-15",
        {"en": "Bst2/Tetherin Is Induced in Neurons by Type I Interferon and Viral Infection but Is Dispensable "
               "for Protection against Neurotropic Viral Challenge"},
        (4, "Alicia M Holmgren", "Glenn F Rall"),
        [],
        [(None, "unlabelled", "UNASSIGNED"), ("IMPORTANCE", "importance", "OBJECTIVE")],
        "In permissive mouse central nervous system (CNS) neurons, measles virus (MV) spreads",
        "will aid in the identification of unique therapeutic targets for life-threatening viral infections.",
    ),
    "pubmedxml_medline16n0902_pmid26340864.xml": (
        "doi:10.1016/j.amepre.2015.06.015",
        {"en": "Effect of Community Volunteering on Physical Activity: A Randomized Controlled Trial"},
        (8, "Vijay R Varma", "Michelle C Carlson"),
        [],
        [("INTRODUCTION", "introduction", "BACKGROUND"), ("METHODS", "methods", "METHODS"),
         ("RESULTS", "results", "RESULTS"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS"),
         ("TRIAL REGISTRATION", "trial_registration", "BACKGROUND")],
        "Older adults with a high number of chronic conditions",
        "This study is registered at www.clinicaltrials.gov NCT00380562.",
    ),
    "pubmedxml_medline16n0902_pmid26432110.xml": (
        "doi:10.1016/j.jcrs.2015.07.018",
        {"en": "New add-on intraocular lens for patients with age-related macular degeneration"},
        (1, "Gabor B Scharioth", "Gabor B Scharioth"),
        [],
        [(None, "unlabelled", "UNASSIGNED"), ("FINANCIAL DISCLOSURE", "financial_disclosures", "BACKGROUND")],
        "We present a new option for visual rehabilitation of patients with advanced macular degeneration",
        "He is the inventor of the Scharioth Macula Lens and receives royalties.",
    ),
    "pubmedxml_medline16n0902_pmid26668916.xml": (
        "pmid:26668916",
        {"en": "[Trends in occurrence, treatment, and outcomes of acute myocardial infarction in Tuscany Region "
               "(Central Italy), 1997-2010]",
         "it": "Trend temporali di occorrenza, trattamento ed esiti dell’infarto miocardico acuto in Toscana, 1997-2010"},
        (6, "Alessandro Barchielli", "Francesco Cipriani"),
        [],
        [("OBJECTIVES", "objective", "OBJECTIVE"), ("DESIGN", "design", "METHODS"),
         ("SETTING AND PARTICIPANTS", "setting_and_participants", "METHODS"),
         ("MAIN OUTCOMEMEASURES", "main_outcome_measures", "UNASSIGNED"),  # NLM's category for its typo
         ("RESULTS", "results", "RESULTS"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS")],
        "to describe trends in attack rate, treatment, and outcomes of acute myocardial infarction (AMI)",
        "Additional efforts are needed to ensure equity in access to the best treatment for AMI.",
    ),
    "pubmedxml_medline16n0902_pmid26702274.xml": (
        "doi:10.5114/kitp.2015.54453",
        {"en": "Artificial aortic valve dysfunction due to pannus and thrombus - different methods of cardiac "
               "surgical management"},
        (6, "Stanisław Ostrowski", "Ryszard Jaszewski"),
        ["artificial valve", "echocardiography", "pannus", "thrombus"],
        [("INTRODUCTION", "introduction", "BACKGROUND"), ("CASE STUDY 1", "case_study_1", "UNASSIGNED"),
         ("CASE STUDY 2", "case_study_2", "UNASSIGNED"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS")],
        "Approximately 60 000 prosthetic valves are implanted annually in the USA.",
        "However, the intraoperative view also seems to be crucial in individualizing the surgical approach.",
    ),
    "pubmedxml_medline16n0902_pmid26702279.xml": (
        "doi:10.5114/kitp.2015.54459",
        {"en": "Von Willebrand factor in patients on mechanical circulatory support - a double-edged sword "
               "between bleeding and thrombosis"},
        (6, "Bartosz Hudzik", "Marian Zembala"),
        ["bleeding", "mechanical circulatory support", "thrombosis", "von Willebrand factor"],
        [(None, "unlabelled", "UNASSIGNED")],
        "Mechanical circulatory support (MCS) is an umbrella term",
        "Here we review the pathophysiology of thrombosis and bleeding associated with vWF.",
    ),
    "pubmedxml_medline16n0902_pmid26702360.xml": (
        "doi:10.1186/s40697-015-0090-5",
        {"en": "Fluid volume expansion and depletion in hemodialysis patients lack association with clinical parameters"},
        (5, "Sylvia Kalainy", "Branko Braam"),
        ["Bio-impedance", "Extracellular fluid volume", "Hemodialysis", "Hypertension"],
        [("BACKGROUND", "background", "BACKGROUND"), ("OBJECTIVES", "objective", "OBJECTIVE"),
         ("DESIGN", "design", "METHODS"), ("SETTING", "setting", "METHODS"), ("PATIENTS", "patients", "METHODS"),
         ("METHODS", "methods", "METHODS"), ("RESULTS", "results", "RESULTS"),
         ("LIMITATIONS", "limitations", "CONCLUSIONS"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS")],
        "Achievement of normal volume status is crucial in hemodialysis (HD)",
        "is unable to explain the high incidence of paradoxical hypertension.",
    ),
    "pubmedxml_biopython_pubmed4.xml": (
        "doi:10.1136/gutjnl-2016-312510",
        {"en": "Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer"},
        (22, "Ying Bao", "Brian M Wolpin"),
        ["PANCREATIC CANCER"],
        [("OBJECTIVE", "objective", "OBJECTIVE"), ("DESIGN", "design", "METHODS"),
         ("RESULTS", "results", "RESULTS"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS")],
        "Telomere shortening occurs as an early event in pancreatic tumorigenesis",
        "genetic variants at the TERT gene region were associated with risk of pancreatic cancer.",
    ),
    "pubmedxml_biopython_pubmed5.xml": (
        "doi:10.1136/oemed-2017-104431",
        {"en": "Occupational pesticide exposure and subclinical hypothyroidism among male pesticide applicators"},
        (12, "Catherine C Lerro", "Mary H Ward"),
        ["agriculture", "hypothyroidism", "pesticides", "thyroid disease", "thyroid stimulating hormone"],
        [("OBJECTIVES", "objective", "OBJECTIVE"), ("METHODS", "methods", "METHODS"),
         ("RESULTS", "results", "RESULTS"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS")],
        "Animal studies suggest that exposure to pesticides may alter thyroid function",
        "may alter thyroid function among male pesticide applicators.",
    ),
    "pubmedxml_biopython_pubmed7.xml": (
        "doi:10.1117/1.jmi.5.2.026002",
        {"en": "Development of a pulmonary imaging biomarker pipeline for phenotyping of chronic lung disease"},
        (9, "Fumin Guo", "Canadian Respiratory Research Network"),  # a CollectiveName closes the byline
        ["asthma", "chronic obstructive lung disease", "image processing, biomarkers", "magnetic resonance imaging",
         "thoracic computed tomography"],
        [(None, "unlabelled", "UNASSIGNED")],
        "We designed and generated pulmonary imaging biomarker pipelines",
        "provides real-time and automated lung imaging measurements for point-of-care and high-throughput research.",
    ),
    "pubmedxml_pubmedparser_pubmed-29768149.xml": (
        "doi:10.1056/nejmoa1715274",
        {"en": "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma"},
        (10, "Paul M O'Byrne", "Helen K Reddel"),
        [],
        [("BACKGROUND", "background", "BACKGROUND"), ("METHODS", "methods", "METHODS"),
         ("RESULTS", "results", "RESULTS"), ("CONCLUSIONS", "conclusions", "CONCLUSIONS")],
        "In patients with mild asthma, as-needed use of an inhaled glucocorticoid plus a fast-acting β2-agonist",
        "(Funded by AstraZeneca; SYGMA 1 ClinicalTrials.gov number, NCT02149199 .).",
    ),
}


@pytest.mark.parametrize("name", sorted(CITATIONS))
def test_citation_facts(name):
    record = _one(name)
    record_id, titles, (count, first, last), keywords, sections, first_sentence, last_sentence = CITATIONS[name]
    assert record.id == record_id
    assert record.title == titles
    assert (len(record.authors), record.authors[0].name, record.authors[-1].name) == (count, first, last)
    assert record.keywords == ({"en": keywords} if keywords else {})
    en = record.abstract["en"]
    assert [(s.heading, s.label, s.category) for s in en] == sections
    assert en[0].sentences[0].startswith(first_sentence)
    assert en[-1].sentences[-1].endswith(last_sentence)
    assert list(record.abstract) == ["en"]
    text = " ".join(s.text for s in en)
    assert not TAG.search(text) and "Copyright" not in text and "©" not in text
    assert not text.startswith("Abstract")


def test_citation_without_abstract():
    record = _one("pubmedxml_medline16n0902_pmid26407462.xml")
    assert record.id == "pmid:26407462"
    assert record.title == {"en": "[Vaccines are drugs]", "it": "I vaccini sono farmaci"}
    assert record.abstract == {} and [w.code for w in record.warnings] == ["missing_abstract"]
    assert [a.name for a in record.authors] == ["Giuseppe Traversa", "Roberto Raschetti"]


def test_venue_identifiers_and_affiliations():
    record = _one("pubmedxml_medline16n0902_pmid26702274.xml")
    v = record.venue
    assert (v.name, v.abbreviation, v.issn, v.volume, v.issue, v.pages) == (
        "Kardiochirurgia i torakochirurgia polska = Polish journal of cardio-thoracic surgery",
        "Kardiochir Torakochirurgia Pol", ["1731-5530"], "12", "3", "199-203")
    assert record.published == "2015-09"
    assert (record.identifiers.pmid, record.identifiers.pmcid) == ("26702274", "PMC4631909")
    assert record.affiliations == ["Department of Cardiac Surgery, Medical University of Lodz, Poland."]
    assert all(a.affiliations == [0] for a in record.authors)
    assert record.authors[0].name_ascii == "Stanislaw Ostrowski"

    gut = _one("pubmedxml_biopython_pubmed4.xml")
    assert gut.published == "2017-06" and gut.identifiers.pmcid == "PMC5442267"
    assert len(gut.affiliations) == 13
    # Chen Yuan has two affiliations, Edward L Giovannucci three.
    by_name = {a.name: a.affiliations for a in gut.authors}
    assert len(by_name["Chen Yuan"]) == 2 and len(by_name["Edward L Giovannucci"]) == 3
    assert gut.affiliations[by_name["Chen Yuan"][1]] == (
        "Department of Medical Oncology, Dana-Farber Cancer Institute, Boston, Massachusetts, USA.")
    # Only the article's own ids: the references' ArticleIdLists hold other PMIDs and DOIs.
    assert gut.identifiers.pmid == "27797938" and gut.identifiers.doi == "10.1136/gutjnl-2016-312510"


def test_inline_markup_and_mathml_reduced_to_text():
    gut = _one("pubmedxml_biopython_pubmed4.xml")
    results = gut.abstract["en"][2].text
    assert "(comparing extreme quintiles of telomere length, OR 1.72; 95% CI 1.07 to 2.78; ptrend=0.048)" in results
    nejm = _one("pubmedxml_pubmedparser_pubmed-29768149.xml")
    assert "fast-acting β2-agonist may" in nejm.abstract["en"][0].text  # &#946; and an indented <sub>
    assert nejm.identifiers.trial_registrations == ["NCT02149199"]  # DataBankList and abstract agree
    assert nejm.published == "2018-05-17"
    mri = _one("pubmedxml_biopython_pubmed7.xml")
    text = mri.abstract["en"][0].text
    # <mmultiscripts> with prescripts: ³He/¹²⁹Xe and ¹H, read in printed order.
    assert "(1) inhaled 3He/129Xe MRI ventilation and apparent diffusion coefficients" in text
    assert "(3) ultrashort echo-time 1H MRI proton density measurements" in text
    assert "mml" not in text and "  " not in text


def test_copyright_accounted_not_kept():
    record = _one("pubmedxml_biopython_pubmed5.xml")
    assert {"kind": "copyright", "name": "CopyrightInformation", "chars": 187} in _removed(record)
    assert "All rights reserved" not in to_json_bytes(record).decode()
    names = {r["name"] for r in _removed(record) if r["kind"] == "pubmed_field"}
    assert {"DateRevised", "CommentsCorrectionsList", "CoiStatement", "History", "PublicationTypeList"} <= names


def test_other_abstract_language_routes_to_its_key():
    """The corpus has no OtherAbstract with text of its own (all are NLM's placeholder), so this
    takes the real French-flagged citation and gives its OtherAbstract a French sentence."""
    xml = (DATA / "pubmedxml_medline16n0902_pmid26702360.xml").read_text(encoding="utf-8")
    xml = xml.replace("<AbstractText>Abstract available from the publisher.</AbstractText>",
                      '<AbstractText Label="CONTEXTE">Le maintien d’un volume normal est essentiel en '
                      "hémodialyse.</AbstractText>")
    record = normalize(xml.encode("utf-8"))
    assert record.abstract["fr"][0].heading == "CONTEXTE"
    assert record.abstract["fr"][0].text == "Le maintien d’un volume normal est essentiel en hémodialyse."
    assert len(record.abstract["en"]) == 9 and record.languages[0] == "en"


def test_parser_loads_no_entities_dtd_or_network():
    xml = (b'<?xml version="1.0"?>\n<!DOCTYPE MedlineCitation [\n'
           b'<!ENTITY secret SYSTEM "file:///etc/hostname">\n'
           b'<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
           b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
           b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
           b'<MedlineCitation><PMID>1</PMID><Article><ArticleTitle>Entities &secret; and &c; stay out.'
           b'</ArticleTitle></Article></MedlineCitation>')
    record = normalize(xml)
    assert record.title == {"en": "Entities and stay out"}  # neither the file nor the expansion


def test_truncated_chunk_keeps_the_citations_before_the_cut():
    data = gzip.decompress(CHUNK.read_bytes())
    cut = data[: data.index(b"<PMID Version=\"1\">26702274</PMID>")]
    records = normalize_all(cut, path="cut.xml")
    assert 1 < len(records) < 604
    assert all(any(w.code == "malformed_input" for w in r.warnings) for r in records)
    assert records[0].identifiers.pmid == "17942999"


def test_non_pubmed_xml_and_empty_sets():
    with pytest.raises(NoArticleFound):
        normalize(b"<?xml version='1.0'?><PubmedArticleSet></PubmedArticleSet>")
    with pytest.raises(NoArticleFound):
        normalize(b"<PubmedArticleSet><PubmedArticle><MedlineCitation>", path="broken.xml")


def test_deterministic_bytes():
    name = "pubmedxml_medline16n0902_pmid26187300.xml"
    assert to_json_bytes(_one(name)) == to_json_bytes(_one(name))


# --- MEDLINE text -------------------------------------------------------------------------------

MEDLINE = {
    "16403221": (
        "doi:10.1186/1471-2105-7-10", "A high level interface to SCOP and ASTRAL implemented in python",
        (3, "James A Casbon", "Mansoor A S Saqi"), "2006",
        [("BACKGROUND", "background", "BACKGROUND"), ("RESULTS", "results", "RESULTS"),
         ("CONCLUSION", "conclusions", "CONCLUSIONS")],
        "Benchmarking algorithms in structural bioinformatics often involves the construction of datasets",
        "The modules make the analysis and generation of datasets for use in structural genomics easier and more principled.",
    ),
    "16377612": (
        "doi:10.1093/bioinformatics/btk021", "GenomeDiagram: a python package for the visualization of large-scale genomic data",
        (4, "Leighton Pritchard", "Ian K Toth"), "2006-03-01",
        [("SUMMARY", "summary", "CONCLUSIONS"), ("AVAILABILITY", "availability", "BACKGROUND"),
         ("SUPPLEMENTARY INFORMATION", "supplementary_information", "BACKGROUND")],
        "We present GenomeDiagram, a flexible, open-source Python module",
        "A user manual, example code and images are available at http://bioinf.scri.ac.uk/lp/programs.html.",
    ),
    "14871861": (
        "doi:10.1093/bioinformatics/bth078", "Open source clustering software",
        (4, "M J L de Hoon", "S Miyano"), "2004-06-12",
        [("SUMMARY", "summary", "CONCLUSIONS"), ("AVAILABILITY", "availability", "BACKGROUND")],
        "We have implemented k-means clustering, hierarchical clustering and self-organizing maps",
        "while Pycluster is also available as part of the Biopython distribution.",
    ),
    "14630660": (
        "pmid:14630660", "PDB file parser and structure class implemented in Python",
        (2, "Thomas Hamelryck", "Bernard Manderick"), "2003-11-22",
        [(None, "unlabelled", "UNASSIGNED"), ("AVAILABILITY", "availability", "BACKGROUND")],
        "The biopython project provides a set of bioinformatics tools implemented in Python.",
        "is freely available (under the Biopython license) from http://www.biopython.org",
    ),
}


@pytest.fixture(scope="module")
def medline():
    return {r.identifiers.pmid: r for r in _records("medline_biopython_pubmed_result2.txt")}


def test_medline_text_gives_four_citations(medline):
    assert list(medline) == ["16403221", "16377612", "14871861", "14630660"]
    for record in medline.values():
        validate(record)
        assert record.source.site == "pubmed" and record.source.format == "text"


@pytest.mark.parametrize("pmid", sorted(MEDLINE))
def test_medline_text_facts(medline, pmid):
    record = medline[pmid]
    record_id, title, (count, first, last), published, sections, first_sentence, last_sentence = MEDLINE[pmid]
    assert (record.id, record.title, record.published) == (record_id, {"en": title}, published)
    assert (len(record.authors), record.authors[0].name, record.authors[-1].name) == (count, first, last)
    en = record.abstract["en"]
    assert [(s.heading, s.label, s.category) for s in en] == sections
    assert en[0].sentences[0].startswith(first_sentence)
    assert en[-1].sentences[-1].endswith(last_sentence)
    assert all(not s.text.startswith(("BACKGROUND:", "RESULTS:", "SUMMARY:", "AVAILABILITY:")) for s in en)
    assert record.keywords == {}


def test_medline_text_venue_and_first_author_affiliation(medline):
    record = medline["16403221"]
    v = record.venue
    assert (v.name, v.abbreviation, v.issn, v.volume, v.pages) == ("BMC bioinformatics", "BMC Bioinformatics",
                                                                   ["1471-2105"], "7", "10")
    assert record.identifiers.pmcid == "PMC1373603"
    # Before 2014 MEDLINE kept the first author's affiliation only, printed ahead of the names.
    assert record.affiliations == ["Bioinformatics, Institute of Cell and Molecular Science, School of Medicine "
                                   "and Dentistry, Queen Mary, University of London, London EC1 6BQ, UK. "
                                   "j.a.casbon@qmul.ac.uk"]
    assert [a.affiliations for a in record.authors] == [[0], [], []]
    assert {"MH", "PT", "PHST", "SO"} <= {r.name for r in record.removed if r.kind == "pubmed_field"}
    assert (medline["16377612"].venue.issue, medline["16377612"].venue.pages) == ("5", "616-7")


# --- detection ----------------------------------------------------------------------------------


def test_pubmed_readers_take_only_their_formats():
    from bilinorm.decode import decode
    from bilinorm.page import Page

    def page(path):
        data = path.read_bytes()
        return Page(data, decode(data, max_bytes=10**8), path.name)

    xml = page(DATA / "pubmedxml_biopython_pubmed5.xml")
    text = page(DATA / "medline_biopython_pubmed_result2.txt")
    assert choose_adapter(xml) is pubmed_xml and choose_adapter(text) is medline_text
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    for path in [*seeds.glob("*.txt"), *(Path(__file__).parent / "data").glob("lang_*")]:
        other = page(path)
        assert pubmed_xml.detect(other) == medline_text.detect(other) == 0.0, path.name


def _removed(record):
    return [{"kind": r.kind, "name": r.name, "chars": r.chars} for r in record.removed]
