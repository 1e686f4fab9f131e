import pytest
from django.urls import reverse

from portal import comparison
from portal.models import ComparisonQuestion, Procedure

SURGERY, INJECTION, BACK_PAIN = (
    "surgical-rhizotomy",
    "rhizotomy-injection",
    "dorsal-rhizotomy-back-pain",
)


def slugs(choice: comparison.Choice) -> list[str]:
    return [p.slug for p in choice.chosen]


@pytest.fixture
def procedures() -> list[Procedure]:
    """Unsaved procedures in display order: choose() needs no database."""
    return [
        Procedure(slug=SURGERY, title="Surgical rhizotomy", position=1),
        Procedure(slug=INJECTION, title="Rhizotomy injection", position=2),
        Procedure(slug=BACK_PAIN, title="Dorsal rhizotomy for back pain", position=3),
    ]


@pytest.fixture
def four(procedures) -> list[Procedure]:
    return [*procedures, Procedure(slug="fourth", title="Fourth", position=4)]


def test_no_choice_shows_every_procedure_without_a_message(procedures):
    choice = comparison.choose([], procedures)
    assert slugs(choice) == [SURGERY, INJECTION, BACK_PAIN]
    assert choice.messages == []


def test_no_choice_from_the_form_shows_nothing_and_asks_for_a_choice(procedures):
    choice = comparison.choose([], procedures, empty_means_all=False)
    assert choice.chosen == []
    assert choice.messages == ["Choose 2 or 3 procedures to compare them."]
    assert choice.path == reverse("portal:compare")


def test_no_choice_shows_at_most_three(four):
    assert slugs(comparison.choose([], four)) == [SURGERY, INJECTION, BACK_PAIN]


@pytest.mark.parametrize(
    "values",
    [
        [INJECTION, SURGERY],
        [SURGERY, INJECTION],
        [INJECTION, SURGERY, INJECTION],
        [f" {INJECTION} ", SURGERY.upper()],
    ],
)
def test_the_same_choice_in_any_order_or_case_gives_display_order(procedures, values):
    choice = comparison.choose(values, procedures)
    assert slugs(choice) == [SURGERY, INJECTION]
    assert choice.messages == []
    assert choice.path == f"{reverse('portal:compare')}?p={SURGERY}&p={INJECTION}"
    assert choice.path == f"{reverse('portal:compare')}?p={SURGERY}&p={INJECTION}"


def test_unknown_values_are_left_out_and_named(procedures):
    choice = comparison.choose([SURGERY, "knee-surgery", INJECTION], procedures)
    assert slugs(choice) == [SURGERY, INJECTION]
    assert choice.messages == [
        "We could not find a procedure called “knee-surgery”, so we left it out."
    ]


def test_several_unknown_values_are_named_once_each_then_summed_up(procedures):
    values = [SURGERY, INJECTION, "a", "b", "a", "c", "d"]
    choice = comparison.choose(values, procedures)
    assert slugs(choice) == [SURGERY, INJECTION]
    assert choice.messages == [
        "We could not find a procedure called “a”, “b”, “c” and others, so we left them out."
    ]


def test_a_long_value_is_cut_before_it_is_echoed(procedures):
    choice = comparison.choose([SURGERY, INJECTION, "x" * 5000], procedures)
    (message,) = choice.messages
    assert "x" * (comparison.ECHO_LIMIT - 1) + "…”" in message
    assert "x" * comparison.ECHO_LIMIT not in message


def test_control_characters_are_never_echoed(procedures):
    choice = comparison.choose([SURGERY, INJECTION, "\x00", "bad\x1bvalue"], procedures)
    assert choice.messages == [
        "We could not find a procedure called “badvalue”, so we left it out."
    ]


def test_a_value_of_only_control_characters_gets_a_plain_message(procedures):
    choice = comparison.choose([SURGERY, INJECTION, "\x00\x07"], procedures)
    assert choice.messages == [
        "Part of the link did not name a procedure we know, so we left it out."
    ]


@pytest.mark.parametrize("values", [[""], ["   "], ["", ""], ["nothing-real"]])
def test_nothing_valid_shows_every_procedure_and_says_so(procedures, values):
    choice = comparison.choose(values, procedures)
    assert slugs(choice) == [SURGERY, INJECTION, BACK_PAIN]
    assert choice.messages[-1] == "No procedure we know was chosen, so we are showing them all."


@pytest.mark.parametrize("values", [[INJECTION], [INJECTION, INJECTION.upper()]])
def test_one_procedure_is_shown_with_a_request_for_another(procedures, values):
    choice = comparison.choose(values, procedures)
    assert slugs(choice) == [INJECTION]
    assert choice.messages == ["Choose at least one more procedure to see them side by side."]


def test_more_than_three_shows_the_first_three_in_display_order(four):
    choice = comparison.choose(["fourth", BACK_PAIN, INJECTION, SURGERY], four)
    assert slugs(choice) == [SURGERY, INJECTION, BACK_PAIN]
    assert choice.messages == [
        "You can compare up to 3 procedures at a time, so we are showing the first 3."
    ]


@pytest.mark.parametrize(
    ("count", "names"),
    [
        (1, "Surgical rhizotomy"),
        (2, "Surgical rhizotomy and Rhizotomy injection"),
        (3, "Surgical rhizotomy, Rhizotomy injection and Dorsal rhizotomy for back pain"),
    ],
)
def test_names_reads_as_a_phrase(procedures, count, names):
    assert comparison.Choice(procedures[:count]).names == names


def test_rows_hold_every_question_in_order_with_answers_in_column_order(loaded):
    chosen = list(Procedure.objects.filter(slug__in=[BACK_PAIN, SURGERY]))
    rows = comparison.rows(chosen)
    assert [r.question.key for r in rows] == list(
        ComparisonQuestion.objects.values_list("key", flat=True)
    )
    assert len(rows) == ComparisonQuestion.objects.count()
    for row in rows:
        assert [c.procedure.slug for c in row.cells] == [SURGERY, BACK_PAIN]
        for cell in row.cells:
            assert cell.html == cell.procedure.answers.get(question=row.question).html
            assert cell.html.strip()


def test_rows_cost_two_queries_whatever_the_number_of_procedures(loaded, django_assert_num_queries):
    with django_assert_num_queries(2):
        comparison.rows(loaded)


def test_rows_of_nothing_cost_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert comparison.rows([]) == []


@pytest.fixture
def library(loaded) -> list[Procedure]:
    """The fixture articles and twenty more after them: every procedure, in display order."""
    Procedure.objects.bulk_create(
        Procedure(slug=f"extra-{n:02d}", title=f"Extra {n}", position=1000 + n, short_code=f"X{n}")
        for n in range(20)
    )
    return list(Procedure.objects.all())


@pytest.mark.parametrize(
    "values",
    [
        [],
        ["extra-15"],
        [" EXTRA-15 ", "no-such-thing", INJECTION],
        ["extra-19", "extra-01", SURGERY, "extra-07"],
        ["", "nothing-we-know"],
    ],
)
@pytest.mark.parametrize("empty_means_all", [True, False])
@pytest.mark.parametrize("first", [0, 13])
def test_candidates_choose_as_the_whole_library_does(
    library, django_assert_num_queries, values, empty_means_all, first
):
    with django_assert_num_queries(1):
        few = comparison.candidates(values, first)
    assert len(few) < len(library)
    assert len(few) > max(first - 1, comparison.MAX_CHOICE)
    assert few == [p for p in library if p in few], "in display order"
    assert comparison.choose(values, few, empty_means_all=empty_means_all) == comparison.choose(
        values, library, empty_means_all=empty_means_all
    )


def test_candidates_of_a_small_library_are_all_of_it(loaded):
    assert comparison.candidates(["no-such-thing"], 13) == list(Procedure.objects.all())
