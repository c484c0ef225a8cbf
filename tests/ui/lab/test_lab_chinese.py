"""The Lab in Chinese: its dock, buttons, table, lessons menu and a remedy's measured effect."""

from PySide6.QtCore import Qt

from netbuilder.core.runs import effect_text, measure
from netbuilder.core.runs.sweep import SweepTarget
from netbuilder.ui.lab import texts
from netbuilder.ui.lab.runs_table import COLUMNS


def test_lab_speaks_chinese_after_a_language_switch(win, lab):
    try:
        win.set_language("zh_CN")
        assert lab.dock.windowTitle() == "实验室"
        assert lab.widget.sweepButton.text() == "运行扫描" and lab.widget.remedyButton.text() == "检验补救措施"
        assert lab.widget.model.headerData(COLUMNS.index("val_loss"), Qt.Horizontal) == "最佳验证损失"
        assert lab.widget.lessonsMenu.actions()[2].text() == "IMDB：原始网络与 Dropout(0.5)"
        e = measure("Dropout(0.5)", {"loss": [0.5, 0.1], "val_loss": [0.4, 0.6]},
                    {"loss": [0.5, 0.3], "val_loss": [0.38, 0.4]})
        text = effect_text(e, texts.effect_templates(), sep="；")
        assert text.startswith("Dropout(0.5)：最佳 val_loss 0.400 → 0.380（第 1 轮 → 第 1 轮）")
        assert "训练与验证之间的差距从 0.500 缩小到 0.100" in text and "有帮助" in text
        assert not lab.run_sweep(SweepTarget("units", "hidden_1"), "4")
        assert "扫描需要 2 到 6 个值" in lab.widget.message.text()
    finally:
        win.set_language("en")
    assert lab.dock.windowTitle() == "Lab" and lab.widget.sweepButton.text() == "Run sweep"
