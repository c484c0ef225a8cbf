"""The coach banner: its colours follow the verdict's kind, and a verdict arriving during a run moves
none of the curves (each move re-laid out and repainted both plots on the GUI thread, issue 25)."""

from netbuilder.core.diagnosis import Diagnosis

DEAD = Diagnosis("underfitting", "health_dead_relu", "Dead ReLU units", remedies=("he_initializer", "leaky_relu"))
OVER = Diagnosis("overfitting", "overfitting_val_loss", "Overfitting", remedies=("add_dropout", "add_l2"))
LONG = Diagnosis("divergence", "divergence_x", " ".join(["The loss grew without bound."] * 12),
                 remedies=("lower_learning_rate",))


def settle(qtbot, win):
    qtbot.wait(30)
    win.training_ui.training_widget.layout().activate()


def test_the_banner_colours_follow_the_verdict_kind(win):
    banner = win.training_ui.banner
    banner.show_diagnosis(OVER)
    over = banner.styleSheet()
    banner.show_diagnosis(DEAD)
    assert banner.styleSheet() != over and "#c2410c" in over  # overfitting's orange, then underfitting's blue
    assert "#1d4ed8" in banner.styleSheet()


def test_a_verdict_during_a_run_moves_no_curve_and_the_dock_does_not_scroll(qtbot, win):
    ui = win.training_ui
    win.resize(1400, 900)
    settle(qtbot, win)
    ui._on_state("running")  # what the controller's stateChanged("running") does to the banner
    settle(qtbot, win)
    plots = ui.plots.geometry()
    for d in (DEAD, OVER, None, DEAD):
        ui.banner.show_diagnosis(d)
        settle(qtbot, win)
        assert ui.plots.geometry() == plots, d
    area = ui.training_widget.parentWidget()  # the scroll area's viewport
    assert ui.training_widget.height() <= area.height()  # no scroll bar: the curves fit the dock
    ui._on_state("idle")  # the place is given back at the run's end
    settle(qtbot, win)
    assert not ui.banner.holding and ui.banner.minimumHeight() == ui.banner.layout().totalHeightForWidth(
        ui.banner.width())


def test_a_long_verdict_is_shown_whole_and_the_held_place_grows_for_it(qtbot, win):
    ui = win.training_ui
    win.resize(1000, 800)
    ui._on_state("running")
    settle(qtbot, win)
    held = ui.banner.height()
    ui.banner.show_diagnosis(LONG)
    settle(qtbot, win)
    need = ui.banner.layout().totalHeightForWidth(ui.banner.width())
    assert need > held and ui.banner.height() >= need  # the wrapped text is never cut
    ui.banner.show_diagnosis(DEAD)  # a shorter verdict later in the run: the place does not shrink
    settle(qtbot, win)
    assert ui.banner.height() >= need
    ui._on_state("idle")


def test_the_place_is_given_back_a_turn_after_the_runs_end_and_kept_if_a_run_started_meanwhile(qtbot, win):
    """Giving the place back resizes both plots: not in the run's last turn, already the longest of its end; a run
    started before that turn keeps the place held."""
    ui = win.training_ui
    win.resize(1400, 900)
    ui._on_state("running")
    settle(qtbot, win)
    ui._on_state("idle")
    assert ui.banner.holding  # not in the end's own turn
    settle(qtbot, win)
    assert not ui.banner.holding
    ui._on_state("running")
    ui._on_state("idle")
    ui.controller.state = "running"  # the next run (a sweep's) started before that turn
    try:
        settle(qtbot, win)
        assert ui.banner.holding
    finally:
        ui.controller.state = "idle"
