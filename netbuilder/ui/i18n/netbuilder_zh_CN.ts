<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>{0} is not a .keras or .nbm model file</source>
        <translation>{0} 不是 .keras 或 .nbm 模型文件</translation>
    </message>
    <message>
        <source>Cannot import model</source>
        <translation>无法导入模型</translation>
    </message>
    <message>
        <source>Cannot import {0}: {1}</source>
        <translation>无法导入 {0}：{1}</translation>
    </message>
    <message>
        <source>Imported the network of {0}</source>
        <translation>已导入 {0} 中的网络</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Train the model first: there are no trained weights.</source>
        <translation>请先训练模型：还没有训练好的权重。</translation>
    </message>
    <message>
        <source>Stop or finish the run first: the weights are changing.</source>
        <translation>请先停止或等待训练结束：权重还在变化。</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>&amp;Import Model…</source>
        <translation>导入模型(&amp;I)…</translation>
    </message>
    <message>
        <source>Put the network of a .keras or .nbm file on the canvas</source>
        <translation>把 .keras 或 .nbm 文件中的网络放到画布上</translation>
    </message>
    <message>
        <source>E&amp;xport Trained Model…</source>
        <translation>导出训练好的模型(&amp;X)…</translation>
    </message>
    <message>
        <source>Save the trained model as .nbm, .keras, .onnx or a Keras script</source>
        <translation>把训练好的模型保存为 .nbm、.keras、.onnx 或 Keras 脚本</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>Model files (*.keras *.nbm)</source>
        <translation>模型文件 (*.keras *.nbm)</translation>
    </message>
    <message>
        <source>Export trained model</source>
        <translation>导出训练好的模型</translation>
    </message>
    <message>
        <source>netbuilder model (*.nbm);;Keras 3 model (*.keras);;ONNX model (*.onnx);;Keras script (*.py)</source>
        <translation>netbuilder 模型 (*.nbm);;Keras 3 模型 (*.keras);;ONNX 模型 (*.onnx);;Keras 脚本 (*.py)</translation>
    </message>
    <message>
        <source>Autosave failed: {0}</source>
        <extracomment>Milliseconds between two autosaves of a project with unsaved changes (3 minutes).</extracomment>
        <translation>自动保存失败：{0}</translation>
    </message>
    <message>
        <source>Recover unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <source>netbuilder was not closed properly. Restore the unsaved changes to {0} (autosaved {1})?</source>
        <translation>netbuilder 上次没有正常关闭。是否恢复对 {0} 的未保存更改（自动保存于 {1}）？</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Put this run&apos;s network and settings back on the canvas and in the Training settings (undoable)</source>
        <translation>把这次运行的网络和设置放回画布和“训练设置”（可撤销）</translation>
    </message>
    <message>
        <source>Export model…</source>
        <translation>导出模型…</translation>
    </message>
    <message>
        <source>Save this run&apos;s trained model as a .nbm or .keras file</source>
        <translation>把这次运行训练好的模型保存为 .nbm 或 .keras 文件</translation>
    </message>
    <message>
        <source>Check a remedy</source>
        <translation>检验补救措施</translation>
    </message>
    <message>
        <source>Train the network without and with one of the coach&apos;s remedies (same data, seed and epochs) and measure the effect</source>
        <translation>分别在不用和使用教练的某个补救措施的情况下训练网络（相同的数据、随机种子和轮数），并测量效果</translation>
    </message>
    <message>
        <source>Book lessons</source>
        <translation>书中的课</translation>
    </message>
    <message>
        <source>Find learning rate…</source>
        <translation>寻找学习率…</translation>
    </message>
    <message>
        <source>A short run with a growing learning rate: loss against learning rate, and a suggested value</source>
        <translation>用逐渐增大的学习率做一次短训练：画出损失随学习率的变化，并给出建议值</translation>
    </message>
    <message>
        <source>Stop experiment</source>
        <translation>停止实验</translation>
    </message>
    <message>
        <source>Sweep:</source>
        <translation>扫描：</translation>
    </message>
    <message>
        <source>2 to 6 values, e.g. 4, 8, 16</source>
        <translation>2 到 6 个值，例如 4, 8, 16</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Train once per value, one run after another (Stop ends the sweep)</source>
        <translation>每个值训练一次，一次接一次（“停止”结束扫描）</translation>
    </message>
    <message>
        <source>Keep trained models up to</source>
        <translation>保留训练好的模型，最多</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>Over this size the oldest runs&apos; model files are deleted first; their curves and numbers stay</source>
        <translation>超过这个大小时，先删除最早运行的模型文件；它们的曲线和数字仍然保留</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>Restored unsaved work of {0}</source>
        <translation>已恢复 {0} 的未保存工作</translation>
    </message>
    <message>
        <source>Something went wrong: {error}. Your project is unchanged and the window still works; the action may not have taken effect.</source>
        <extracomment>Seconds during which the same error is not shown again. The log is rotated (to ``netbuilder.log.1``) past this many bytes.</extracomment>
        <translation>出了点问题：{error}。你的项目没有改变，窗口仍可正常使用；刚才的操作可能没有生效。</translation>
    </message>
    <message>
        <source>Details were written to {path}.</source>
        <translation>详细信息已写入 {path}。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
    <message>
        <source>MNIST handwritten digits</source>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <source>Chapter 2.1</source>
        <translation>第 2.1 节</translation>
    </message>
    <message>
        <source>Ten classes of 28×28 images: a first dense network reaches about 97.8 % test accuracy.</source>
        <translation>十类 28×28 图像：第一个全连接网络的测试准确率约为 97.8 %。</translation>
    </message>
    <message>
        <source>IMDB movie reviews</source>
        <translation>IMDB 电影评论</translation>
    </message>
    <message>
        <source>Chapter 3.4</source>
        <translation>第 3.4 节</translation>
    </message>
    <message>
        <source>Positive or negative review (binary): about 88 %, and it overfits after a few epochs.</source>
        <translation>好评还是差评（二分类）：约 88 %，几轮之后就开始过拟合。</translation>
    </message>
    <message>
        <source>Reuters newswires</source>
        <translation>路透社新闻</translation>
    </message>
    <message>
        <source>Chapter 3.5</source>
        <translation>第 3.5 节</translation>
    </message>
    <message>
        <source>46 topics (multi-class, single label): about 78 % test accuracy.</source>
        <translation>46 个主题（多分类、单标签）：测试准确率约为 78 %。</translation>
    </message>
    <message>
        <source>Boston house prices</source>
        <translation>波士顿房价</translation>
    </message>
    <message>
        <source>Chapter 3.6</source>
        <translation>第 3.6 节</translation>
    </message>
    <message>
        <source>Regression on 13 features with K-fold validation: a mean absolute error of about 2.5 ($2,500).</source>
        <translation>用 13 个特征做回归，K 折验证：平均绝对误差约为 2.5（2,500 美元）。</translation>
    </message>
    <message>
        <source>MNIST with a small convnet</source>
        <translation>用小型卷积网络识别 MNIST</translation>
    </message>
    <message>
        <source>Chapter 5.1</source>
        <translation>第 5.1 节</translation>
    </message>
    <message>
        <source>Conv2D and MaxPooling2D layers: about 99 % on the same digits.</source>
        <translation>Conv2D 和 MaxPooling2D 层：同样的数字上约 99 %。</translation>
    </message>
    <message>
        <source>IMDB with an LSTM</source>
        <translation>用 LSTM 处理 IMDB</translation>
    </message>
    <message>
        <source>Chapter 6.2</source>
        <translation>第 6.2 节</translation>
    </message>
    <message>
        <source>The reviews as word sequences: Embedding and LSTM layers.</source>
        <translation>把评论当作词序列：Embedding 层和 LSTM 层。</translation>
    </message>
    <message>
        <source>Playground: two spirals</source>
        <translation>练习场：双螺旋</translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation>热身</translation>
    </message>
    <message>
        <source>A tiny network learns to separate two interleaved spirals in seconds; watch its decision regions.</source>
        <translation>一个很小的网络几秒内就学会分开两条交错的螺旋线；看看它的决策区域。</translation>
    </message>
    <message>
        <source>Two branches (functional API)</source>
        <translation>双分支（函数式 API）</translation>
    </message>
    <message>
        <source>Chapter 7.1</source>
        <translation>第 7.1 节</translation>
    </message>
    <message>
        <source>A wide and a deep branch read the same pixels and are concatenated.</source>
        <translation>一个宽分支和一个深分支读取同样的像素，然后拼接在一起。</translation>
    </message>
    <message>
        <source>The four tutorial cases</source>
        <translation>四个教程案例</translation>
    </message>
    <message>
        <source>The book&apos;s four cases and a few more examples. Click one to open it.</source>
        <translation>书中的四个案例和另外几个示例。点击一个即可打开。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Train the example that is open.&lt;/b&gt; The spiral playground starts with its network on the canvas and its data in the &lt;i&gt;Dataset&lt;/i&gt; panel. Press &lt;i&gt;Train&lt;/i&gt; in the &lt;i&gt;Training&lt;/i&gt; panel and watch the loss curves fall and the decision regions take shape in &lt;i&gt;Try it&lt;/i&gt;.</source>
        <translation>&lt;b&gt;训练已经打开的示例。&lt;/b&gt;螺旋练习场启动时，网络已在画布上，数据在&lt;i&gt;数据集&lt;/i&gt;面板中。在&lt;i&gt;训练&lt;/i&gt;面板中按&lt;i&gt;训练&lt;/i&gt;，看损失曲线下降，并在&lt;i&gt;试一试&lt;/i&gt;中看决策区域逐渐成形。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Open a tutorial case.&lt;/b&gt; Help › The four tutorial cases (or File › Examples) opens the book&apos;s networks for MNIST, IMDB, Reuters and Boston housing with the book&apos;s settings. The first time, the dataset&apos;s file is downloaded, or you pick the file you already have.</source>
        <translation>&lt;b&gt;打开一个教程案例。&lt;/b&gt;帮助 › 四个教程案例（或 文件 › 示例）按书中的设置打开 MNIST、IMDB、路透社和波士顿房价的网络。第一次使用时会下载数据集文件，也可以选择你已有的文件。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Change the network.&lt;/b&gt; Drag layers from &lt;i&gt;Layers&lt;/i&gt; onto the canvas and connect an output port to an input port. The &lt;i&gt;Inspector&lt;/i&gt; edits the selected layer, &lt;i&gt;Problems&lt;/i&gt; says what does not fit, &lt;i&gt;Keras code&lt;/i&gt; shows the same network as Keras code.</source>
        <translation>&lt;b&gt;修改网络。&lt;/b&gt;把&lt;i&gt;层&lt;/i&gt;面板中的层拖到画布上，再把输出端口连到输入端口。&lt;i&gt;属性检查器&lt;/i&gt;编辑选中的层，&lt;i&gt;问题&lt;/i&gt;列出不匹配之处，&lt;i&gt;Keras 代码&lt;/i&gt;把同一个网络显示为 Keras 代码。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Read the coach.&lt;/b&gt; After a run, the banner above the curves says whether the network under- or overfits and offers a remedy you can apply (and undo).</source>
        <translation>&lt;b&gt;看教练的提示。&lt;/b&gt;训练之后，曲线上方的横幅会说明网络是欠拟合还是过拟合，并给出可以应用（也可以撤销）的改进办法。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Try it and take it away.&lt;/b&gt; Draw a digit or type a review in &lt;i&gt;Try it&lt;/i&gt;; File › Export Trained Model saves it as .nbm, .keras, ONNX or a Keras script.</source>
        <translation>&lt;b&gt;试一试，然后带走。&lt;/b&gt;在&lt;i&gt;试一试&lt;/i&gt;中画一个数字或输入一条评论；文件 › 导出训练好的模型 可将其保存为 .nbm、.keras、ONNX 或 Keras 脚本。</translation>
    </message>
    <message>
        <source>A panel got lost or squeezed? View › Reset layout puts every panel back in its place.</source>
        <translation>某个面板找不到了或被挤小了？视图 › 重置布局 会把每个面板放回原位。</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>The clipboard holds {size} MB of layers, more than the {limit} MB a paste takes.</source>
        <extracomment>Largest payload read from the clipboard (bytes); a copy of 100 layers is about 100 KB. Most nodes pasted at once. Longest layer name, class name or string value inside a pasted config (characters).</extracomment>
        <translation>剪贴板中的层有 {size} MB，超过了一次粘贴可接受的 {limit} MB。</translation>
    </message>
    <message>
        <source>The layers on the clipboard are damaged (not readable JSON).</source>
        <translation>剪贴板中的层已损坏（不是可读的 JSON）。</translation>
    </message>
    <message>
        <source>The clipboard does not hold a list of layers.</source>
        <translation>剪贴板中不是层的列表。</translation>
    </message>
    <message>
        <source>The clipboard holds no layers.</source>
        <translation>剪贴板中没有层。</translation>
    </message>
    <message>
        <source>The clipboard holds {n} layers; at most {limit} can be pasted at once.</source>
        <translation>剪贴板中有 {n} 个层；一次最多可粘贴 {limit} 个。</translation>
    </message>
    <message>
        <source>Item {i} on the clipboard is not a layer.</source>
        <translation>剪贴板中的第 {i} 项不是层。</translation>
    </message>
    <message>
        <source>Item {i} on the clipboard has no usable layer name.</source>
        <translation>剪贴板中的第 {i} 项没有可用的层名称。</translation>
    </message>
    <message>
        <source>Layer &apos;{name}&apos; on the clipboard has an unknown type: {cls}</source>
        <translation>剪贴板中的层“{name}”类型未知：{cls}</translation>
    </message>
    <message>
        <source>Layer &apos;{name}&apos; on the clipboard has no usable settings.</source>
        <translation>剪贴板中的层“{name}”没有可用的设置。</translation>
    </message>
    <message>
        <source>Layer &apos;{name}&apos; on the clipboard has no usable position.</source>
        <translation>剪贴板中的层“{name}”没有可用的位置。</translation>
    </message>
    <message>
        <source>Layer &apos;{name}&apos; on the clipboard has unusable inputs.</source>
        <translation>剪贴板中的层“{name}”的输入无法使用。</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not a number: the value stays {value}.</source>
        <translation>“{text}”不是数字：值保持为 {value}。</translation>
    </message>
    <message>
        <source>{text} is more than {limit}, the largest value here: set to {limit}.</source>
        <translation>{text} 大于此处允许的最大值 {limit}：已设为 {limit}。</translation>
    </message>
    <message>
        <source>{text} is less than {limit}, the smallest value here: set to {limit}.</source>
        <translation>{text} 小于此处允许的最小值 {limit}：已设为 {limit}。</translation>
    </message>
    <message>
        <source>{text} is not a whole number: rounded to {limit}.</source>
        <translation>{text} 不是整数：已四舍五入为 {limit}。</translation>
    </message>
    <message>
        <source>{text} has more decimals than this box shows: rounded to {limit}.</source>
        <translation>{text} 的小数位数超过此框显示的位数：已四舍五入为 {limit}。</translation>
    </message>
    <message>
        <source>diverged at epoch {n}</source>
        <translation>第 {n} 轮发散</translation>
    </message>
    <message>
        <source>validation flat from epoch {n}</source>
        <translation>第 {n} 轮起验证曲线趋平</translation>
    </message>
    <message>
        <source>overfitting from epoch {n}</source>
        <translation>第 {n} 轮起过拟合</translation>
    </message>
    <message>
        <source>gap opens at epoch {n}</source>
        <translation>第 {n} 轮起差距拉开</translation>
    </message>
    <message>
        <source>{node} calls {layer} on {src}: both calls use the same weights</source>
        <translation>{node} 在 {src} 上调用 {layer}：两次调用使用同一组权重</translation>
    </message>
    <message>
        <source>Share {layer}: call it on {src} too (same weights)</source>
        <translation>共享 {layer}：也在 {src} 上调用它（同一组权重）</translation>
    </message>
    <message>
        <source>Adds a second node for the same layer, fed by {src}. Both calls use one set of weights, trained by both inputs (Keras&apos;s shared layers).</source>
        <translation>为同一层添加第二个节点，由 {src} 输入。两次调用使用同一组权重，由两个输入共同训练（Keras 的共享层）。</translation>
    </message>
    <message>
        <source>Replace {old} → {dst} by {src} → {dst}</source>
        <translation>把 {old} → {dst} 换成 {src} → {dst}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{n} ms</source>
        <translation>{n} 毫秒</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Costs appear when the network is valid.</source>
        <translation>网络有效时显示开销。</translation>
    </message>
    <message>
        <source>At batch size {b}: {macs} multiply-adds per sample, {params} parameters.</source>
        <translation>批次大小 {b}：每个样本 {macs} 次乘加，{params} 个参数。</translation>
    </message>
    <message>
        <source>{where} holds {share} of the weights.</source>
        <translation>{where} 占全部权重的 {share}。</translation>
    </message>
    <message>
        <source>The time could not be measured: {error}</source>
        <translation>无法测量时间：{error}</translation>
    </message>
    <message>
        <source>≈ {epoch} per epoch, ≈ {total} in all ({epochs} epochs; measured on {n} batches of this network and data)</source>
        <translation>每轮约 {epoch}，共约 {total}（{epochs} 轮；用此网络和数据的 {n} 个批次测得）</translation>
    </message>
    <message>
        <source>Measuring a few training batches…</source>
        <translation>正在测量几个训练批次…</translation>
    </message>
    <message>
        <source>Estimate time: trains a copy of the network on a few batches.</source>
        <translation>估算时间：用网络的副本训练几个批次。</translation>
    </message>
    <message>
        <source>Estimate time</source>
        <translation>估算时间</translation>
    </message>
    <message>
        <source>load a dataset first, and measure while no run is going</source>
        <translation>请先加载数据集，并在没有训练进行时测量</translation>
    </message>
    <message>
        <source>Step by step</source>
        <extracomment>Seconds of recording every run may spend before the share applies. Most of the run&apos;s time the recorder may take past ``FREE_S``.</extracomment>
        <translation>单步训练</translation>
    </message>
    <message>
        <source>Layer view</source>
        <translation>层视图</translation>
    </message>
    <message>
        <source>Paper ball</source>
        <translation>纸团展开</translation>
    </message>
    <message>
        <source>Training health</source>
        <translation>训练健康状况</translation>
    </message>
    <message>
        <source>The step mode&apos;s network, after {n} steps.</source>
        <translation>单步模式中的网络，已走 {n} 步。</translation>
    </message>
    <message>
        <source>The trained network.</source>
        <translation>训练好的网络。</translation>
    </message>
    <message>
        <source>The network being trained, as it was at the last epoch end.</source>
        <translation>正在训练的网络，取自上一轮结束时。</translation>
    </message>
    <message>
        <source>The network is training: the view follows it from the first epoch end.</source>
        <translation>网络正在训练：第一轮结束后视图开始跟随。</translation>
    </message>
    <message>
        <source>The network cannot be built yet: see Problems.</source>
        <translation>网络还无法构建：请看“问题”列表。</translation>
    </message>
    <message>
        <source>Untrained network (fresh weights): train it or step it to see what it learns.</source>
        <translation>未训练的网络（初始权重）：训练它或单步运行，看看它学到什么。</translation>
    </message>
    <message>
        <source>Training health remedy</source>
        <translation>训练健康补救</translation>
    </message>
    <message>
        <source>words present: {words}</source>
        <translation>出现的词：{words}</translation>
    </message>
    <message>
        <source>target y</source>
        <translation>目标 y</translation>
    </message>
    <message>
        <source>prediction y_pred</source>
        <translation>预测 y_pred</translation>
    </message>
    <message>
        <source> ({n} samples, the first {k} shown)</source>
        <translation>（{n} 个样本，显示前 {k} 个）</translation>
    </message>
    <message>
        <source>1 · Draw a batch: the inputs x and their targets y</source>
        <translation>1 · 抽取一个批次：输入 x 和目标 y</translation>
    </message>
    <message>
        <source>2 · Run the network on x: its predictions y_pred next to y</source>
        <translation>2 · 让网络在 x 上运行：预测 y_pred 与 y 并排</translation>
    </message>
    <message>
        <source>L = {name}(y, ŷ), averaged over the batch</source>
        <translation>L = {name}(y, ŷ)，对批次取平均</translation>
    </message>
    <message>
        <source>weight decay first: w ← w − w · {wd} · η</source>
        <translation>先做权重衰减：w ← w − w · {wd} · η</translation>
    </message>
    <message>
        <source>{name}&apos;s own rule: w ← w + Δ</source>
        <translation>{name} 自己的规则：w ← w + Δ</translation>
    </message>
    <message>
        <source>new weight written by the step: {new}   (change {delta})</source>
        <translation>这一步写入的新权重：{new}   （变化 {delta}）</translation>
    </message>
    <message>
        <source>  (the coach&apos;s advice)</source>
        <translation>  （教练的建议）</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete {n} run(s) and their trained models? This cannot be undone.</source>
        <translation>删除 {n} 次运行及其训练好的模型？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Restore run {name}</source>
        <translation>恢复运行 {name}</translation>
    </message>
    <message>
        <source>Restored the network and settings of {name}. Train to run it again.</source>
        <translation>已恢复 {name} 的网络和设置。点击训练即可再次运行。</translation>
    </message>
    <message>
        <source>The trained model of {name} was not kept (the size limit drops the oldest runs&apos; models first).</source>
        <translation>{name} 训练好的模型没有保留（大小上限会先删除最早运行的模型）。</translation>
    </message>
    <message>
        <source>Export this run&apos;s model</source>
        <translation>导出这次运行的模型</translation>
    </message>
    <message>
        <source>netbuilder model (*.nbm);;Keras 3 model (*.keras)</source>
        <translation>netbuilder 模型 (*.nbm);;Keras 3 模型 (*.keras)</translation>
    </message>
    <message>
        <source>Could not export the model: {error}</source>
        <translation>无法导出模型：{error}</translation>
    </message>
    <message>
        <source>Exported the model of {name} to {path}.</source>
        <translation>已把 {name} 的模型导出到 {path}。</translation>
    </message>
    <message>
        <source>There is no network to train.</source>
        <translation>没有可训练的网络。</translation>
    </message>
    <message>
        <source>{remedy}: the network has it already.</source>
        <translation>{remedy}：网络里已经有了。</translation>
    </message>
    <message>
        <source>without: {remedy}</source>
        <translation>不用：{remedy}</translation>
    </message>
    <message>
        <source>with: {remedy}</source>
        <translation>使用：{remedy}</translation>
    </message>
    <message>
        <source>Cannot sweep: {why}</source>
        <translation>无法扫描：{why}</translation>
    </message>
    <message>
        <source>Loading the dataset first; the experiment starts as soon as it is in.</source>
        <translation>先加载数据集；加载完成后实验立即开始。</translation>
    </message>
    <message>
        <source>Wait until the current run has ended.</source>
        <translation>请等当前运行结束。</translation>
    </message>
    <message>
        <source>Experiment running: {n} runs, one after another.</source>
        <translation>实验进行中：共 {n} 次运行，一次接一次。</translation>
    </message>
    <message>
        <source>The experiment could not start its next run; the runs that finished are kept.</source>
        <translation>实验无法开始下一次运行；已完成的运行都已保留。</translation>
    </message>
    <message>
        <source>The experiment was stopped; the {n} run(s) that finished are kept.</source>
        <translation>实验已停止；已完成的 {n} 次运行都已保留。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Sweep finished: the lowest validation loss, {loss:.4g}, came with {run}.</source>
        <translation>扫描完成：最低的验证损失 {loss:.4g} 出现在 {run}。</translation>
    </message>
    <message>
        <source>Sweep finished.</source>
        <translation>扫描完成。</translation>
    </message>
    <message>
        <source>epoch</source>
        <extracomment>The width of a legend row&apos;s line sample and the spacing beside its name, in pixels.</extracomment>
        <translation>轮次</translation>
    </message>
    <message>
        <source>dashed: training · solid: validation</source>
        <translation>虚线：训练 · 实线：验证</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>实验室</translation>
    </message>
    <message>
        <source>The run history could not be read ({error}); new runs are kept in a new one.</source>
        <translation>无法读取运行历史（{error}）；新的运行会保存在一份新的历史里。</translation>
    </message>
    <message>
        <source>The runs could not be copied beside the project: {error}</source>
        <translation>无法把运行复制到项目旁边：{error}</translation>
    </message>
    <message>
        <source>Run {n}</source>
        <translation>运行 {n}</translation>
    </message>
    <message>
        <source>The run could not be kept: {error}</source>
        <translation>无法保留这次运行：{error}</translation>
    </message>
    <message>
        <source>{k}-fold mean, stopped in fold {i}</source>
        <translation>{k} 折平均，在第 {i} 折停止</translation>
    </message>
    <message>
        <source>{k}-fold mean</source>
        <translation>{k} 折平均</translation>
    </message>
    <message>
        <source>mean of {n} of {k} folds</source>
        <translation>{k} 折中 {n} 折的平均</translation>
    </message>
    <message>
        <source>{k}-fold cross-validation: the curves are the per-epoch mean over {n} fold(s)</source>
        <translation>{k} 折交叉验证：曲线是 {n} 折在每一轮的平均值</translation>
    </message>
    <message>
        <source>last epoch over the folds: {values} (mean ± std)</source>
        <translation>各折最后一轮：{values}（平均值 ± 标准差）</translation>
    </message>
    <message>
        <source>stopped in fold {i} of {k}</source>
        <translation>在第 {i}/{k} 折停止</translation>
    </message>
    <message>
        <source>its model is fold {i}&apos;s model, trained without that fold; for a final model, use &quot;Train on all data&quot;</source>
        <translation>它的模型是第 {i} 折的模型（训练时没有用这一折）；要得到最终模型，请使用“用全部数据训练”</translation>
    </message>
    <message>
        <source>The epoch with the lowest validation loss, of the epochs trained</source>
        <translation>训练过的各轮中验证损失最低的一轮</translation>
    </message>
    <message>
        <source>Validation loss minus training loss at the last epoch: large when the network overfits</source>
        <translation>最后一轮的验证损失减去训练损失：网络过拟合时会很大</translation>
    </message>
    <message>
        <source>What changed since the run before (network and settings)</source>
        <translation>与上一次运行相比改了什么（网络和设置）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Best val loss</source>
        <translation>最佳验证损失</translation>
    </message>
    <message>
        <source>Best val metric</source>
        <translation>最佳验证指标</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Cannot rename the run: {error}</source>
        <translation>无法重命名运行：{error}</translation>
    </message>
    <message>
        <source>first run</source>
        <translation>第一次运行</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>无改动</translation>
    </message>
    <message>
        <source>stopped before its last epoch</source>
        <translation>在最后一轮之前停止</translation>
    </message>
    <message>
        <source>test: {values}</source>
        <translation>测试：{values}</translation>
    </message>
    <message>
        <source>its trained model was not kept (the size limit dropped the oldest)</source>
        <translation>训练好的模型没有保留（大小上限删除了最早的）</translation>
    </message>
    <message>
        <source>layer {layer} reads two different outputs of {src}; the canvas draws one connection between two layers</source>
        <extracomment>key of a twin&apos;s position in a project&apos;s layout (its node name may differ after edits) entry class names of a model used as a layer (model sharing); its config is the model&apos;s config</extracomment>
        <translation>层 {layer} 读取了 {src} 的两个不同输出；画布上两个层之间只能画一条连接</translation>
    </message>
    <message>
        <source>the model output {ref} is output {index} of layer {layer}; the canvas can make only a layer&apos;s first output a model output</source>
        <translation>模型输出 {ref} 是层 {layer} 的第 {index} 号输出；画布只能把一个层的第一个输出设为模型输出</translation>
    </message>
    <message>
        <source>The run is kept, but its folds&apos; details could not be written: {error}</source>
        <translation>运行已保留，但无法写入各折的详细信息：{error}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>netbuilder started with the example {name} instead.</source>
        <translation>netbuilder 已改为打开示例 {name}。</translation>
    </message>
</context>
<context>
    <name>AugmentPreview</name>
    <message>
        <source>Add data augmentation</source>
        <translation>添加数据增强</translation>
    </message>
    <message>
        <source>During training, each image will be turned by up to ±18°, zoomed by up to ±10 % and shifted by up to 10 % of its size, differently at every epoch: the network sees new variants instead of learning the images by heart. Prediction and evaluation see the images unchanged.</source>
        <translation>训练时，每张图像会被旋转至多 ±18°、缩放至多 ±10 %、平移至多其尺寸的 10 %，每个轮次都不同：网络看到的是新的变体，而不是把图像死记硬背下来。预测和评估时图像保持不变。</translation>
    </message>
    <message>
        <source>Show others</source>
        <translation>换一批</translation>
    </message>
    <message>
        <source>Add augmentation</source>
        <translation>添加增强</translation>
    </message>
    <message>
        <source>Load the training data to see a preview: the layers are added either way.</source>
        <translation>加载训练数据后才能预览；无论是否预览，这些层都会被添加。</translation>
    </message>
    <message>
        <source>One training image as twelve epochs might see it. Added after the input: RandomRotation(0.05), RandomZoom(0.1), RandomTranslation(0.1, 0.1).</source>
        <translation>同一张训练图像在十二个轮次中可能呈现的样子。添加在输入之后：RandomRotation(0.05)、RandomZoom(0.1)、RandomTranslation(0.1, 0.1)。</translation>
    </message>
</context>
<context>
    <name>BostonFeatures</name>
    <message>
        <source>Crime rate per person in the town</source>
        <extracomment>The features&apos; meanings and units (from netbuilder.core.tryit.BOSTON_FEATURES), marked for translation.</extracomment>
        <translation>城镇人均犯罪率</translation>
    </message>
    <message>
        <source>crimes per capita</source>
        <translation>人均犯罪数</translation>
    </message>
    <message>
        <source>Share of residential land zoned for lots over 25,000 sq. ft</source>
        <translation>占地超过 25,000 平方英尺的住宅用地比例</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>Share of the town&apos;s acres used by non-retail business</source>
        <translation>城镇中非零售商业用地的比例</translation>
    </message>
    <message>
        <source>Next to the Charles River</source>
        <translation>是否临近查尔斯河</translation>
    </message>
    <message>
        <source>1 = yes, 0 = no</source>
        <translation>1 = 是，0 = 否</translation>
    </message>
    <message>
        <source>Nitric oxides concentration</source>
        <translation>一氧化氮浓度</translation>
    </message>
    <message>
        <source>parts per 10 million</source>
        <translation>千万分之一</translation>
    </message>
    <message>
        <source>Average number of rooms per dwelling</source>
        <translation>每套住宅的平均房间数</translation>
    </message>
    <message>
        <source>rooms</source>
        <translation>间</translation>
    </message>
    <message>
        <source>Share of owner-occupied homes built before 1940</source>
        <translation>1940 年以前建成的自住房比例</translation>
    </message>
    <message>
        <source>Weighted distance to five Boston employment centres</source>
        <translation>到波士顿五个就业中心的加权距离</translation>
    </message>
    <message>
        <source>distance index</source>
        <translation>距离指数</translation>
    </message>
    <message>
        <source>Access to radial highways</source>
        <translation>通往放射状公路的便利程度</translation>
    </message>
    <message>
        <source>index</source>
        <translation>指数</translation>
    </message>
    <message>
        <source>Property-tax rate</source>
        <translation>房产税率</translation>
    </message>
    <message>
        <source>$ per $10,000</source>
        <translation>每 1 万美元的税额（美元）</translation>
    </message>
    <message>
        <source>Pupils per teacher in the town</source>
        <translation>城镇师生比</translation>
    </message>
    <message>
        <source>ratio</source>
        <translation>比值</translation>
    </message>
    <message>
        <source>1000·(Bk − 0.63)², Bk the share of Black residents: a racially based feature, kept only because the historical data has it</source>
        <translation>1000·(Bk − 0.63)²，Bk 为黑人居民比例：这是一个基于种族的特征，保留它只是因为历史数据中有这一列</translation>
    </message>
    <message>
        <source>Share of the population with lower status</source>
        <translation>低收入人口比例</translation>
    </message>
</context>
<context>
    <name>BostonForm</name>
    <message>
        <source>Fill the form with this test sample</source>
        <translation>用这个测试样本填写表单</translation>
    </message>
    <message>
        <source>Reset to sample</source>
        <translation>恢复为样本值</translation>
    </message>
    <message>
        <source>Test sample</source>
        <translation>测试样本</translation>
    </message>
    <message>
        <source>Train a model on Boston housing to see its estimate.</source>
        <translation>先在波士顿房价数据上训练一个模型，才能看到它的估价。</translation>
    </message>
    <message>
        <source>Predicted median value: {price} (in $1000s, i.e. about {dollars})</source>
        <translation>预测的房价中位数：{price}（单位：千美元，约合 {dollars}）</translation>
    </message>
    <message>
        <source>True value of test sample {i}: {truth} (error {err})</source>
        <translation>测试样本 {i} 的真实值：{truth}（误差 {err}）</translation>
    </message>
</context>
<context>
    <name>Clipboard</name>
    <message>
        <source>The layers on the clipboard cannot be pasted: {error}</source>
        <translation>无法粘贴剪贴板中的层：{error}</translation>
    </message>
</context>
<context>
    <name>CoachBanner</name>
    <message>
        <source>Restore best epoch&apos;s weights</source>
        <extracomment>Button text for each remedy code (see netbuilder.core.remedies).</extracomment>
        <translation>恢复最佳轮次的权重</translation>
    </message>
    <message>
        <source>Add Dropout(0.5) after hidden Dense</source>
        <translation>在隐藏的 Dense 层后加 Dropout(0.5)</translation>
    </message>
    <message>
        <source>Add L2(0.001) to kernels</source>
        <translation>给权重加 L2(0.001) 正则化</translation>
    </message>
    <message>
        <source>Halve units</source>
        <translation>单元数减半</translation>
    </message>
    <message>
        <source>Get more data…</source>
        <translation>获取更多数据…</translation>
    </message>
    <message>
        <source>Train longer (×2 epochs)</source>
        <translation>训练更久（轮数 ×2）</translation>
    </message>
    <message>
        <source>Add a layer</source>
        <translation>增加一层</translation>
    </message>
    <message>
        <source>Double units</source>
        <translation>单元数加倍</translation>
    </message>
    <message>
        <source>Learning rate ÷ 10</source>
        <translation>学习率 ÷ 10</translation>
    </message>
    <message>
        <source>Augment images…</source>
        <translation>增强图像…</translation>
    </message>
    <message>
        <source>He initializer for ReLU layers</source>
        <translation>ReLU 层改用 He 初始化</translation>
    </message>
    <message>
        <source>ReLU in hidden sigmoid/tanh layers</source>
        <translation>隐藏的 sigmoid/tanh 层改用 ReLU</translation>
    </message>
    <message>
        <source>LeakyReLU instead of ReLU</source>
        <translation>用 LeakyReLU 代替 ReLU</translation>
    </message>
    <message>
        <source>BatchNormalization after hidden layers</source>
        <translation>在隐藏层后加 BatchNormalization</translation>
    </message>
    <message>
        <source>best epoch {n}</source>
        <extracomment>The glossary entry a remedy is about (its button&apos;s tooltip names it in both languages).</extracomment>
        <translation>最佳轮次 {n}</translation>
    </message>
    <message>
        <source>from the previous network</source>
        <translation>来自之前的网络</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Add {cls}</source>
        <translation>添加 {cls}</translation>
    </message>
    <message>
        <source>Delete {names}</source>
        <translation>删除 {names}</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Connect {src} → {dst}</source>
        <translation>连接 {src} → {dst}</translation>
    </message>
    <message>
        <source>Edit {name}</source>
        <translation>编辑 {name}</translation>
    </message>
    <message>
        <source>Rename {old} → {new}</source>
        <translation>重命名 {old} → {new}</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Set model outputs</source>
        <translation>设置模型输出</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>自动布局</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>Dense layer &apos;{layer}&apos; got an input of shape {shape}; Dense expects (batch, features): add a Flatten layer before it</source>
        <extracomment>code → English template with ``{param}`` fields (``layer`` is the layer at fault).</extracomment>
        <translation>Dense 层 &apos;{layer}&apos; 收到形状为 {shape} 的输入；Dense 需要 (batch, 特征数) 形状的张量：请在它前面加一个 Flatten 层</translation>
    </message>
    <message>
        <source>Dense layer &apos;{layer}&apos; needs inputs of shape (batch, features), got {shape}</source>
        <translation>Dense 层 &apos;{layer}&apos; 需要形状为 (batch, 特征数) 的输入，得到的是 {shape}</translation>
    </message>
    <message>
        <source>Dense layer &apos;{layer}&apos;: the last axis of its input must be known</source>
        <translation>Dense 层 &apos;{layer}&apos;：输入的最后一个轴的大小必须已知</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; takes one input, got {count}; use a merge layer (Concatenate, Add, ...) to combine tensors</source>
        <translation>层 &apos;{layer}&apos; 只接受一个输入，却收到了 {count} 个；请用合并层（Concatenate、Add 等）来合并张量</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; merges two or more inputs, got {count}</source>
        <translation>层 &apos;{layer}&apos; 用于合并两个或更多输入，现在只有 {count} 个</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; cannot combine inputs of shapes {shapes}</source>
        <translation>层 &apos;{layer}&apos; 无法合并这些形状的输入：{shapes}</translation>
    </message>
    <message>
        <source>Activation layer &apos;{layer}&apos;: unknown activation {value}</source>
        <translation>Activation 层 &apos;{layer}&apos;：未知的激活函数 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: data_format must be &apos;channels_last&apos; or &apos;channels_first&apos;, got {value}</source>
        <translation>层 &apos;{layer}&apos;：data_format 必须是 &apos;channels_last&apos; 或 &apos;channels_first&apos;，当前为 {value}</translation>
    </message>
    <message>
        <source>unknown padding setting: check the padding argument</source>
        <translation>无法识别的填充方式：请检查 padding 参数</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: {arg} must be a non-negative int or a pair of them, got {value}</source>
        <translation>层 &apos;{layer}&apos;：{arg} 必须是非负整数或两个非负整数，当前为 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: seed must be None or a non-negative int, got {value}</source>
        <translation>层 &apos;{layer}&apos;：seed 必须是 None 或非负整数，当前为 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: {arg} must be a positive int or a tuple of positive ints, got {value}</source>
        <translation>层 &apos;{layer}&apos;：{arg} 必须是正整数或由正整数组成的元组，当前为 {value}</translation>
    </message>
    <message>
        <source>a layer name must be a non-empty string, got {value}</source>
        <translation>层的名称必须是非空字符串，当前为 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: weight {weight} would have the negative shape {shape}</source>
        <translation>层 &apos;{layer}&apos;：权重 {weight} 的形状 {shape} 含有负数</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: weight {weight} of shape {shape} would take {size}, more than can be allocated; use fewer units or a smaller input (e.g. pool before a Dense layer)</source>
        <translation>层 &apos;{layer}&apos;：形状为 {shape} 的权重 {weight} 需要 {size}，超出了可分配的内存；请减少单元数或缩小输入（例如在 Dense 之前先做池化）</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; needs {size} at batch {batch} (the whole network {total}); this computer has {free} free. Use fewer units or a smaller batch size.</source>
        <translation>层“{layer}”在批量大小 {batch} 时需要 {size}（整个网络 {total}）；这台计算机只有 {free} 可用内存。请减少单元数或使用更小的批量大小。</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: its output {shape} would take {size} per sample, more than allowed; reduce the sizes that lead to it</source>
        <translation>层 &apos;{layer}&apos;：输出形状 {shape} 每个样本需要 {size}，超出了允许的大小；请减小导致它的各层尺寸</translation>
    </message>
    <message>
        <source>Input &apos;{layer}&apos;: the shape dimensions must be positive, got {shape}</source>
        <translation>Input &apos;{layer}&apos;：形状的各维度必须为正数，当前为 {shape}</translation>
    </message>
    <message>
        <source>Dense layer &apos;{layer}&apos;: units must be a positive integer, got {value}</source>
        <translation>Dense 层 &apos;{layer}&apos;：units 必须是正整数，当前为 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: filters must be a positive integer, got {value}</source>
        <translation>层 &apos;{layer}&apos;：filters（卷积核个数）必须是正整数，当前为 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: groups={value} is not supported by netbuilder; use groups=1</source>
        <translation>层 &apos;{layer}&apos;：netbuilder 不支持 groups={value}；请使用 groups=1</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: output_padding must be None or non-negative ints smaller than strides, got {value}</source>
        <translation>层 &apos;{layer}&apos;：output_padding 必须是 None 或小于 strides 的非负整数，当前为 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: strides &gt; 1 cannot be combined with dilation_rate &gt; 1 (as in Keras)</source>
        <translation>层 &apos;{layer}&apos;：strides &gt; 1 不能与 dilation_rate &gt; 1 同时使用（与 Keras 相同）</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: rate must be a float in [0, 1), got {value}</source>
        <translation>层 &apos;{layer}&apos;：rate（丢弃率）必须是 [0, 1) 之间的浮点数，当前为 {value}</translation>
    </message>
    <message>
        <source>Dropout layer &apos;{layer}&apos;: noise_shape must be None or a tuple that fits its input (each entry None, 1 or the input&apos;s size on that axis)</source>
        <translation>Dropout 层 &apos;{layer}&apos;：noise_shape 必须是 None，或与输入相容的元组（每一项为 None、1 或输入在该轴上的大小）</translation>
    </message>
    <message>
        <source>Dropout layer &apos;{layer}&apos;: noise_shape {noise_shape} does not have as many axes as its input {shape}</source>
        <translation>Dropout 层 &apos;{layer}&apos;：noise_shape {noise_shape} 的轴数与输入 {shape} 不同</translation>
    </message>
    <message>
        <source>GaussianNoise layer &apos;{layer}&apos;: stddev must be a float in [0, 1], got {value}</source>
        <translation>GaussianNoise 层 &apos;{layer}&apos;：stddev（标准差）必须是 [0, 1] 之间的浮点数，当前为 {value}</translation>
    </message>
    <message>
        <source>Embedding layer &apos;{layer}&apos;: {arg} must be a positive integer, got {value}</source>
        <translation>Embedding 层 &apos;{layer}&apos;：{arg} 必须是正整数，当前为 {value}</translation>
    </message>
    <message>
        <source>Embedding layer &apos;{layer}&apos;: lora_rank is not supported; leave it as None</source>
        <translation>Embedding 层 &apos;{layer}&apos;：不支持 lora_rank；请保持为 None</translation>
    </message>
    <message>
        <source>Masking layer &apos;{layer}&apos;: mask_value must be a number, got {value}</source>
        <translation>Masking 层 &apos;{layer}&apos;：mask_value 必须是数字，当前为 {value}</translation>
    </message>
    <message>
        <source>Permute layer &apos;{layer}&apos;: dims must be a permutation of 1..k (axis 0 is the batch), got {value}</source>
        <translation>Permute 层 &apos;{layer}&apos;：dims 必须是 1..k 的一个排列（第 0 轴是批次轴），当前为 {value}</translation>
    </message>
    <message>
        <source>RepeatVector layer &apos;{layer}&apos;: n must be a positive int, got {value}</source>
        <translation>RepeatVector 层 &apos;{layer}&apos;：n 必须是正整数，当前为 {value}</translation>
    </message>
    <message>
        <source>Reshape layer &apos;{layer}&apos;: target_shape must be a tuple of positive ints with at most one -1 (no batch axis), got {value}</source>
        <translation>Reshape 层 &apos;{layer}&apos;：target_shape 必须是由正整数组成的元组，最多含一个 -1（不含批次轴），当前为 {value}</translation>
    </message>
    <message>
        <source>recurrent layer &apos;{layer}&apos;: units must be a positive integer, got {value}</source>
        <translation>循环层 &apos;{layer}&apos;：units 必须是正整数，当前为 {value}</translation>
    </message>
    <message>
        <source>recurrent layer &apos;{layer}&apos;: {arg} must be a float in [0, 1), got {value}</source>
        <translation>循环层 &apos;{layer}&apos;：{arg} 必须是 [0, 1) 之间的浮点数，当前为 {value}</translation>
    </message>
    <message>
        <source>UpSampling2D layer &apos;{layer}&apos;: interpolation={value} is not supported by netbuilder; use &apos;nearest&apos;</source>
        <translation>UpSampling2D 层 &apos;{layer}&apos;：netbuilder 不支持 interpolation={value}；请使用 &apos;nearest&apos;</translation>
    </message>
    <message>
        <source>BatchNormalization layer &apos;{layer}&apos;: axis must be a non-zero int (axis 0 is the batch), got {value}</source>
        <translation>BatchNormalization 层 &apos;{layer}&apos;：axis 必须是非零整数（第 0 轴是批次轴），当前为 {value}</translation>
    </message>
    <message>
        <source>BatchNormalization layer &apos;{layer}&apos;: momentum must be a float in [0, 1], got {value}</source>
        <translation>BatchNormalization 层 &apos;{layer}&apos;：momentum（动量）必须是 [0, 1] 之间的浮点数，当前为 {value}</translation>
    </message>
    <message>
        <source>BatchNormalization layer &apos;{layer}&apos;: epsilon must be a positive float, got {value}</source>
        <translation>BatchNormalization 层 &apos;{layer}&apos;：epsilon 必须是正浮点数，当前为 {value}</translation>
    </message>
    <message>
        <source>LayerNormalization layer &apos;{layer}&apos;: axis must be a non-zero int or a list of distinct non-zero ints (axis 0 is the batch), got {value}</source>
        <translation>LayerNormalization 层 &apos;{layer}&apos;：axis 必须是非零整数，或由互不相同的非零整数组成的列表（第 0 轴是批次轴），当前为 {value}</translation>
    </message>
    <message>
        <source>LayerNormalization layer &apos;{layer}&apos;: epsilon must be a positive float, got {value}</source>
        <translation>LayerNormalization 层 &apos;{layer}&apos;：epsilon 必须是正浮点数，当前为 {value}</translation>
    </message>
    <message>
        <source>Concatenate layer &apos;{layer}&apos;: axis must be a non-zero int (axis 0 is the batch), got {value}</source>
        <translation>Concatenate 层 &apos;{layer}&apos;：axis 必须是非零整数（第 0 轴是批次轴），当前为 {value}</translation>
    </message>
    <message>
        <source>Dot layer &apos;{layer}&apos;: axes must be a non-zero int or a pair of non-zero ints (axis 0 is the batch), got {value}</source>
        <translation>Dot 层 &apos;{layer}&apos;：axes 必须是非零整数或两个非零整数（第 0 轴是批次轴），当前为 {value}</translation>
    </message>
    <message>
        <source>Bidirectional layer &apos;{layer}&apos; wraps a recurrent layer (LSTM, GRU, SimpleRNN)</source>
        <translation>Bidirectional 层 &apos;{layer}&apos; 只能包装循环层（LSTM、GRU、SimpleRNN）</translation>
    </message>
    <message>
        <source>Bidirectional layer &apos;{layer}&apos;: merge_mode must be &apos;concat&apos;, &apos;sum&apos;, &apos;mul&apos;, &apos;ave&apos; or None, got {value}</source>
        <translation>Bidirectional 层 &apos;{layer}&apos;：merge_mode 必须是 &apos;concat&apos;、&apos;sum&apos;、&apos;mul&apos;、&apos;ave&apos; 或 None，当前为 {value}</translation>
    </message>
    <message>
        <source>Bidirectional layer &apos;{layer}&apos;: the forward and backward layers need different go_backwards values</source>
        <translation>Bidirectional 层 &apos;{layer}&apos;：前向层与反向层的 go_backwards 取值必须不同</translation>
    </message>
    <message>
        <source>Bidirectional layer &apos;{layer}&apos;: the forward and backward layers differ in {arg}; give them the same value</source>
        <translation>Bidirectional 层 &apos;{layer}&apos;：前向层与反向层的 {arg} 不同；请设为相同的值</translation>
    </message>
    <message>
        <source>a wrapper layer needs a layer instance, e.g. Bidirectional(LSTM(32)); got {value}</source>
        <translation>包装层需要一个层实例，例如 Bidirectional(LSTM(32))；当前为 {value}</translation>
    </message>
    <message>
        <source>BatchNormalization layer &apos;{layer}&apos; with axis={axis} cannot normalize an input of shape {shape}: the axis must be a non-batch axis</source>
        <translation>BatchNormalization 层 &apos;{layer}&apos; 的 axis={axis} 无法对形状为 {shape} 的输入做归一化：axis 必须是批次轴以外的轴</translation>
    </message>
    <message>
        <source>BatchNormalization layer &apos;{layer}&apos; was built for another number of features, got an input of shape {shape}</source>
        <translation>BatchNormalization 层 &apos;{layer}&apos; 是按另一个特征数构建的，却收到了形状为 {shape} 的输入</translation>
    </message>
    <message>
        <source>BatchNormalization layer &apos;{layer}&apos;: the normalized axis of its input {shape} must have a known size</source>
        <translation>BatchNormalization 层 &apos;{layer}&apos;：输入 {shape} 中被归一化的轴必须有确定的大小</translation>
    </message>
    <message>
        <source>LayerNormalization layer &apos;{layer}&apos; cannot normalize an input of shape {shape}: its axes must be distinct non-batch axes of the input</source>
        <translation>LayerNormalization 层 &apos;{layer}&apos; 无法对形状为 {shape} 的输入做归一化：axis 必须是输入中互不相同的非批次轴</translation>
    </message>
    <message>
        <source>LayerNormalization layer &apos;{layer}&apos;: the normalized axes of its input {shape} must have known sizes</source>
        <translation>LayerNormalization 层 &apos;{layer}&apos;：输入 {shape} 中被归一化的轴必须有确定的大小</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; needs each sample to be {expected}, got input shape {shape}</source>
        <translation>层 &apos;{layer}&apos; 要求每个样本的形状是 {expected}，得到的输入形状是 {shape}</translation>
    </message>
    <message>
        <source>ZeroPadding layer &apos;{layer}&apos; needs each sample to be {expected}, got input shape {shape}</source>
        <translation>ZeroPadding 层 &apos;{layer}&apos; 要求每个样本的形状为 {expected}，但输入形状为 {shape}</translation>
    </message>
    <message>
        <source>pooling layer &apos;{layer}&apos; needs each sample to be {expected}, got input shape {shape}</source>
        <translation>池化层 &apos;{layer}&apos; 要求每个样本的形状为 {expected}，但输入形状为 {shape}</translation>
    </message>
    <message>
        <source>UpSampling layer &apos;{layer}&apos; needs each sample to be {expected}, got input shape {shape}</source>
        <translation>UpSampling 层 &apos;{layer}&apos; 要求每个样本的形状为 {expected}，但输入形状为 {shape}</translation>
    </message>
    <message>
        <source>SpatialDropout layer &apos;{layer}&apos; needs each sample to be {expected}, got input shape {shape}</source>
        <translation>SpatialDropout 层 &apos;{layer}&apos; 要求每个样本的形状为 {expected}，但输入形状为 {shape}</translation>
    </message>
    <message>
        <source>Permute layer &apos;{layer}&apos; with dims={dims} does not fit an input of shape {shape}: it needs as many non-batch axes as dims has entries</source>
        <translation>Permute 层 &apos;{layer}&apos; 的 dims={dims} 与形状为 {shape} 的输入不符：输入的非批次轴数必须与 dims 的项数相同</translation>
    </message>
    <message>
        <source>RepeatVector layer &apos;{layer}&apos; expects inputs of shape (batch, features), got {shape}; add a Flatten layer before it</source>
        <translation>RepeatVector 层 &apos;{layer}&apos; 要求输入形状为 (batch, features)，但得到 {shape}；请在它前面加一个 Flatten 层</translation>
    </message>
    <message>
        <source>Reshape layer &apos;{layer}&apos; cannot reshape {shape} to target_shape {target_shape}: the number of values per sample must stay the same</source>
        <translation>Reshape 层 &apos;{layer}&apos; 无法把 {shape} 变形为 target_shape {target_shape}：每个样本的元素总数必须保持不变</translation>
    </message>
    <message>
        <source>Masking layer &apos;{layer}&apos; needs inputs with a features axis, got {shape}</source>
        <translation>Masking 层 &apos;{layer}&apos; 的输入需要有特征轴，但得到 {shape}</translation>
    </message>
    <message>
        <source>recurrent layer &apos;{layer}&apos;: the features axis of its input must be known, got {shape}</source>
        <translation>循环层 &apos;{layer}&apos;：输入的特征轴大小必须确定，当前形状为 {shape}</translation>
    </message>
    <message>
        <source>recurrent layer &apos;{layer}&apos; got sequences of length 0</source>
        <translation>循环层 &apos;{layer}&apos; 收到了长度为 0 的序列（没有时间步）</translation>
    </message>
    <message>
        <source>recurrent layer &apos;{layer}&apos;: its mask does not match the shape of its inputs</source>
        <translation>循环层 &apos;{layer}&apos;：掩码的形状与输入不匹配</translation>
    </message>
    <message>
        <source>stateful recurrent layer &apos;{layer}&apos; kept its states for another batch size: use a fixed batch size, or call reset_state()</source>
        <translation>有状态的循环层 &apos;{layer}&apos; 保存的状态对应另一个批次大小：请使用固定的批次大小，或调用 reset_state()</translation>
    </message>
    <message>
        <source>TimeDistributed layer &apos;{layer}&apos; needs inputs with a time axis, (batch, timesteps, ...), got {shape}</source>
        <translation>TimeDistributed 层 &apos;{layer}&apos; 的输入需要有时间轴，即 (batch, timesteps, ...)，但得到 {shape}</translation>
    </message>
    <message>
        <source>TimeDistributed layer &apos;{layer}&apos;: the wrapped layer has several outputs, which TimeDistributed does not support</source>
        <translation>TimeDistributed 层 &apos;{layer}&apos;：被包装的层有多个输出，TimeDistributed 不支持这种情况</translation>
    </message>
    <message>
        <source>Embedding layer &apos;{layer}&apos; needs integer indices, got dtype {dtype}</source>
        <translation>Embedding 层 &apos;{layer}&apos; 需要整数索引作为输入，但数据类型为 {dtype}</translation>
    </message>
    <message>
        <source>Embedding layer &apos;{layer}&apos; got index {value}, outside [0, {input_dim}): raise input_dim to the vocabulary size</source>
        <translation>Embedding 层 &apos;{layer}&apos; 收到索引 {value}，超出了 [0, {input_dim})：请把 input_dim 增大到词表大小</translation>
    </message>
    <message>
        <source>Subtract layer &apos;{layer}&apos; takes exactly 2 inputs, got {count}</source>
        <translation>Subtract 层 &apos;{layer}&apos; 必须恰好有 2 个输入，当前有 {count} 个</translation>
    </message>
    <message>
        <source>Dot layer &apos;{layer}&apos; takes exactly 2 inputs, got {count}</source>
        <translation>Dot 层 &apos;{layer}&apos; 必须恰好有 2 个输入，当前有 {count} 个</translation>
    </message>
    <message>
        <source>Input &apos;{layer}&apos; can only be the first item of a Sequential model</source>
        <translation>Input &apos;{layer}&apos; 只能放在 Sequential 模型的第一个位置</translation>
    </message>
    <message>
        <source>model input &apos;{layer}&apos; must come from Input(...)</source>
        <translation>模型输入 &apos;{layer}&apos; 必须来自 Input(...)</translation>
    </message>
    <message>
        <source>an output depends on input &apos;{layer}&apos;, which is not one of the model&apos;s inputs: add it to Model(inputs=...)</source>
        <translation>某个输出依赖输入 &apos;{layer}&apos;，但它不在模型的输入中：请把它加入 Model(inputs=...)</translation>
    </message>
    <message>
        <source>a tensor was not made by a layer; use Input(...) to start a model</source>
        <translation>有一个张量不是由层产生的；请用 Input(...) 作为模型的起点</translation>
    </message>
    <message>
        <source>the model has no inputs</source>
        <translation>模型没有输入</translation>
    </message>
    <message>
        <source>the model has no outputs</source>
        <translation>模型没有输出</translation>
    </message>
    <message>
        <source>the model config has no list of layers</source>
        <translation>模型配置中没有层列表</translation>
    </message>
    <message>
        <source>the model config holds a damaged reference between layers</source>
        <translation>模型配置中层与层之间的连接引用已损坏</translation>
    </message>
    <message>
        <source>a layer entry of the model config is damaged</source>
        <translation>模型配置中的某个层条目已损坏</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; cannot be created from its saved settings</source>
        <translation>无法用保存的参数创建层 &apos;{layer}&apos;</translation>
    </message>
    <message>
        <source>unknown model class {value}: expected &apos;Sequential&apos; or &apos;Functional&apos;</source>
        <translation>未知的模型类型 {value}：应为 &apos;Sequential&apos; 或 &apos;Functional&apos;</translation>
    </message>
    <message>
        <source>the model config must be a dict with &apos;class_name&apos; and &apos;config&apos;</source>
        <translation>模型配置必须是含有 &apos;class_name&apos; 和 &apos;config&apos; 的字典</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: netbuilder has no layer type {class_name}</source>
        <translation>层 &apos;{layer}&apos;：netbuilder 没有 {class_name} 这种层</translation>
    </message>
    <message>
        <source>the model needs {expected} arrays (one per input or output) but {got} were given</source>
        <translation>模型需要 {expected} 个数组（每个输入或输出一个），但只传入了 {got} 个</translation>
    </message>
    <message>
        <source>the {what} dict is missing key(s) {keys}</source>
        <translation>{what} 字典缺少键 {keys}</translation>
    </message>
    <message>
        <source>{what} must be numeric, got dtype {dtype}</source>
        <translation>{what} 必须是数值型数据，但数据类型为 {dtype}</translation>
    </message>
    <message>
        <source>{what} has dtype object (ragged lists?); pad the sequences to one length first</source>
        <translation>{what} 的数据类型是 object（可能是长短不一的列表？）；请先把序列填充到相同长度</translation>
    </message>
    <message>
        <source>{what} must have a batch axis, got a single value</source>
        <translation>{what} 必须有批次轴，但得到的是单个数值</translation>
    </message>
    <message>
        <source>{what} contains NaN or inf (first at index {index}); clean or impute the data first</source>
        <translation>{what} 含有 NaN 或 inf（第一个位于索引 {index}）；请先清洗或填补数据</translation>
    </message>
    <message>
        <source>{what} holds values too large for {dtype} ({value} at index {index}; {dtype} stops at about {limit}); scale or normalise the data first, for instance divide it by its largest value</source>
        <translation>{what} 中有数值超出 {dtype} 的表示范围（索引 {index} 处为 {value}；{dtype} 最大约为 {limit}）；请先缩放或归一化数据，例如除以其中的最大值</translation>
    </message>
    <message>
        <source>x has {x} samples but y has {y}; they must have the same length</source>
        <translation>x 有 {x} 个样本，而 y 有 {y} 个；两者的样本数必须相同</translation>
    </message>
    <message>
        <source>the input arrays have different numbers of samples</source>
        <translation>各输入数组的样本数不一致</translation>
    </message>
    <message>
        <source>sample_weight has {w} entries for {x} samples</source>
        <translation>sample_weight 有 {w} 项，但样本数为 {x}</translation>
    </message>
    <message>
        <source>input &apos;{layer}&apos; expects samples of shape {expected}, got {got}; set the Input to {got} or reshape the data</source>
        <translation>输入 &apos;{layer}&apos; 要求样本形状为 {expected}，但数据的样本形状为 {got}；请把 Input 设为 {got}，或调整数据的形状</translation>
    </message>
    <message>
        <source>fit needs both x and y</source>
        <translation>fit 需要同时提供 x 和 y</translation>
    </message>
    <message>
        <source>validation_split leaves no training or no validation samples</source>
        <translation>按 validation_split 划分后，训练集或验证集没有样本</translation>
    </message>
    <message>
        <source>{loss}: labels of shape {y_true} do not fit predictions of shape {y_pred}</source>
        <translation>{loss}：形状为 {y_true} 的标签与形状为 {y_pred} 的预测值不匹配</translation>
    </message>
    <message>
        <source>{loss}: labels must lie in [0, 1]. For integer class ids use a softmax output with sparse_categorical_crossentropy.</source>
        <translation>{loss}：标签必须在 [0, 1] 之间。如果标签是整数类别编号，请使用 softmax 输出和 sparse_categorical_crossentropy。</translation>
    </message>
    <message>
        <source>{loss}: labels must be integer class ids, got fractional values</source>
        <translation>{loss}：标签必须是整数类别编号，但含有小数</translation>
    </message>
    <message>
        <source>label_smoothing must be in [0, 1], got {value}</source>
        <translation>label_smoothing 必须在 [0, 1] 之间，当前为 {value}</translation>
    </message>
    <message>
        <source>sparse_categorical_crossentropy supports only axis=-1, got axis={value}</source>
        <translation>sparse_categorical_crossentropy 只支持 axis=-1，当前 axis={value}</translation>
    </message>
    <message>
        <source>{metric}: one of its arguments has an invalid value</source>
        <translation>{metric}：有一个参数的取值无效</translation>
    </message>
    <message>
        <source>{metric} needs the argument {argument}</source>
        <translation>{metric} 需要参数 {argument}</translation>
    </message>
    <message>
        <source>{metric}: class_id does not fit the predictions (they need shape (batch, num_classes) and class_id must be one of their classes)</source>
        <translation>{metric}：class_id 与预测值不符（预测值的形状应为 (batch, num_classes)，且 class_id 必须是其中的某个类别）</translation>
    </message>
    <message>
        <source>{metric}: k must be a positive integer</source>
        <translation>{metric}：k 必须是正整数</translation>
    </message>
    <message>
        <source>{metric}: the class ids must lie in [0, {num_classes})</source>
        <translation>{metric}：类别编号必须在 [0, {num_classes}) 之间</translation>
    </message>
    <message>
        <source>{metric} needs one score per class (at least 2 output units), but the predictions have shape {y_pred}; for a single sigmoid unit use {suggestion}</source>
        <translation>{metric} 需要每个类别一个分数（至少 2 个输出单元），但预测值形状为 {y_pred}；单个 sigmoid 输出单元请使用 {suggestion}</translation>
    </message>
    <message>
        <source>{metric} expects one-hot labels of shape {y_pred} but got integer labels of shape {y_true}; use {suggestion} or one-hot encode the labels</source>
        <translation>{metric} 需要形状为 {y_pred} 的 one-hot 标签，但得到形状为 {y_true} 的整数标签；请改用 {suggestion}，或对标签做 one-hot 编码</translation>
    </message>
    <message>
        <source>{metric} expects integer class ids but got labels of shape {y_true}, which look one-hot encoded; use {suggestion}</source>
        <translation>{metric} 需要整数类别编号，但标签形状为 {y_true}，看起来是 one-hot 编码；请改用 {suggestion}</translation>
    </message>
    <message>
        <source>{metric}: the values must be integer class ids; for per-class scores pass {argument}=False</source>
        <translation>{metric}：取值必须是整数类别编号；如果是每个类别的分数，请传入 {argument}=False</translation>
    </message>
    <message>
        <source>the sample_weight does not fit the labels: give one weight per sample, shape (batch,)</source>
        <translation>sample_weight 与标签不匹配：请为每个样本提供一个权重，形状为 (batch,)</translation>
    </message>
    <message>
        <source>{metric}: the shapes of the labels and the predictions do not fit each other</source>
        <translation>{metric}：标签与预测值的形状不匹配</translation>
    </message>
    <message>
        <source>{metric}: threshold must lie strictly between 0 and 1, got {threshold}</source>
        <translation>{metric}：threshold（阈值）必须严格介于 0 和 1 之间，当前为 {threshold}</translation>
    </message>
    <message>
        <source>{metric}: thresholds must lie in [0, 1], got {thresholds}</source>
        <translation>{metric}：thresholds（阈值）必须在 [0, 1] 之间，当前为 {thresholds}</translation>
    </message>
    <message>
        <source>optimizer: {argument} cannot be {value}</source>
        <translation>优化器：{argument} 不能取 {value}</translation>
    </message>
    <message>
        <source>optimizer: only one of clipnorm, clipvalue and global_clipnorm can be set, got {arguments}</source>
        <translation>优化器：clipnorm、clipvalue 和 global_clipnorm 只能设置其中一个，当前为 {arguments}</translation>
    </message>
    <message>
        <source>optimizer: got both learning_rate={learning_rate} and its legacy alias lr={lr}; pass only learning_rate</source>
        <translation>优化器：同时给出了 learning_rate={learning_rate} 和它的旧别名 lr={lr}；只需传入 learning_rate</translation>
    </message>
    <message>
        <source>optimizer: {argument} is not supported by netbuilder; leave it unset</source>
        <translation>优化器：netbuilder 不支持 {argument}；请不要设置它</translation>
    </message>
    <message>
        <source>regularizer: {arg} must be a non-negative number, got {value}</source>
        <translation>正则化项：{arg} 必须是非负数，当前为 {value}</translation>
    </message>
    <message>
        <source>OrthogonalRegularizer: mode must be &apos;rows&apos; or &apos;columns&apos;, got {value}</source>
        <translation>OrthogonalRegularizer：mode 必须是 &apos;rows&apos; 或 &apos;columns&apos;，当前为 {value}</translation>
    </message>
    <message>
        <source>OrthogonalRegularizer needs a 2-D weight, got shape {shape}</source>
        <translation>OrthogonalRegularizer 需要二维权重，当前形状为 {shape}</translation>
    </message>
    <message>
        <source>initializer: distribution cannot be {value}</source>
        <translation>初始化器：distribution 不能取 {value}</translation>
    </message>
    <message>
        <source>initializer: mode cannot be {value}</source>
        <translation>初始化器：mode 不能取 {value}</translation>
    </message>
    <message>
        <source>initializer: scale must be a positive number, got {value}</source>
        <translation>初始化器：scale 必须是正数，当前为 {value}</translation>
    </message>
    <message>
        <source>initializer: seed must be an integer or None, got {value}</source>
        <translation>初始化器：seed 必须是整数或 None，当前为 {value}</translation>
    </message>
    <message>
        <source>Constant initializer: value must be a number, got {value}</source>
        <translation>Constant 初始化器：value 必须是数字，当前为 {value}</translation>
    </message>
    <message>
        <source>Constant initializer: its value does not broadcast to the weight shape {shape}; use a single number</source>
        <translation>Constant 初始化器：它的值无法广播到权重形状 {shape}；请使用单个数字</translation>
    </message>
    <message>
        <source>this initializer does not fit a weight of shape {shape}</source>
        <translation>这个初始化器不适用于形状为 {shape} 的权重</translation>
    </message>
    <message>
        <source>ReduceLROnPlateau needs a factor below 1.0, got factor={value}</source>
        <translation>ReduceLROnPlateau 的 factor 必须小于 1.0，当前 factor={value}</translation>
    </message>
    <message>
        <source>unrecognized save_freq {value}: expected &apos;epoch&apos; or a positive int</source>
        <translation>无法识别的 save_freq {value}：应为 &apos;epoch&apos; 或正整数</translation>
    </message>
    <message>
        <source>Rescaling layer &apos;{layer}&apos;: {arg} must be a number, got {value}</source>
        <translation>Rescaling 层 &apos;{layer}&apos;：{arg} 必须是数字，实际为 {value}</translation>
    </message>
    <message>
        <source>Normalization layer &apos;{layer}&apos;: give both mean and variance, or neither and call adapt</source>
        <translation>Normalization 层 &apos;{layer}&apos;：mean 和 variance 要么都给出，要么都不给并调用 adapt</translation>
    </message>
    <message>
        <source>Normalization layer &apos;{layer}&apos;: axis {value} does not fit its input</source>
        <translation>Normalization 层 &apos;{layer}&apos;：axis {value} 与其输入不符</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; takes images (batch, height, width, channels), got {shape}</source>
        <translation>层 &apos;{layer}&apos; 需要图像输入（batch, height, width, channels），实际为 {shape}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: {arg} must be a number or a pair of numbers in its range, got {value}</source>
        <translation>层 &apos;{layer}&apos;：{arg} 必须是取值范围内的一个数或一对数，实际为 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: unknown setting {value}</source>
        <translation>层 &apos;{layer}&apos;：未知的设置 {value}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; is called again on shape {shape}, which its weight {weight} does not fit: every call of a shared layer must fit the weights it already has</source>
        <translation>层“{layer}”再次被调用于形状 {shape}，但它的权重 {weight} 与之不符：共享层的每次调用都必须适合它已有的权重</translation>
    </message>
    <message>
        <source>model &apos;{layer}&apos; takes inputs of shape {expected}, got {shape}</source>
        <translation>模型“{layer}”的输入形状应为 {expected}，实际为 {shape}</translation>
    </message>
    <message>
        <source>model &apos;{layer}&apos; has no input shape yet, so it cannot be used as a layer: give it an Input first</source>
        <translation>模型“{layer}”还没有输入形状，因此不能当作层使用：请先给它一个 Input</translation>
    </message>
    <message>
        <source>class_weight needs one label per sample (class ids or one-hot rows), but the labels have {ndim} axes: pass sample_weight instead</source>
        <translation>class_weight 需要每个样本一个标签（类别编号或独热行），但这些标签有 {ndim} 个轴：请改用 sample_weight</translation>
    </message>
    <message>
        <source>the argument {arg} cannot take the value {value}: see its tooltip for the values it accepts</source>
        <translation>参数 {arg} 不能取值 {value}：可接受的取值见它的提示</translation>
    </message>
    <message>
        <source>Keras 3 is not installed: {hint}</source>
        <translation>未安装 Keras 3：{hint}</translation>
    </message>
    <message>
        <source>Keras {version} is installed; the Keras engine needs Keras 3: {hint}</source>
        <translation>已安装的是 Keras {version}；Keras 引擎需要 Keras 3：{hint}</translation>
    </message>
    <message>
        <source>Keras is installed but none of its backends (jax, torch, tensorflow) is: {hint}</source>
        <translation>已安装 Keras，但没有安装它的任何后端（jax、torch、tensorflow）：{hint}</translation>
    </message>
    <message>
        <source>{where} names the Keras backend &apos;{backend}&apos;, which Keras does not know; use one of {choices}</source>
        <translation>{where} 指定的 Keras 后端 &apos;{backend}&apos; 不是 Keras 认识的后端；请使用 {choices} 之一</translation>
    </message>
    <message>
        <source>the Keras backend &apos;{backend}&apos; (set by {where}) needs the &apos;{package}&apos; package, which is not installed: pip install {package}</source>
        <translation>Keras 后端 &apos;{backend}&apos;（由 {where} 指定）需要 &apos;{package}&apos; 包，但它没有安装：pip install {package}</translation>
    </message>
    <message>
        <source>the Keras backend &apos;{backend}&apos; (set by {where}) needs the &apos;{package}&apos; package, which is not installed: pip install {package}, or set KERAS_BACKEND={other} (installed)</source>
        <translation>Keras 后端 &apos;{backend}&apos;（由 {where} 指定）需要 &apos;{package}&apos; 包，但它没有安装：pip install {package}，或者设置 KERAS_BACKEND={other}（已安装）</translation>
    </message>
    <message>
        <source>the Keras 3 engine is not available here: pip install &quot;keras&gt;=3.5&quot; jax installs Keras 3 and JAX</source>
        <translation>这里无法使用 Keras 3 引擎：pip install &quot;keras&gt;=3.5&quot; jax 会安装 Keras 3 和 JAX</translation>
    </message>
    <message>
        <source>Keras is already running on the {actual} backend in this window, not {backend}: restart netbuilder to use {backend}</source>
        <translation>Keras 已在此窗口中使用 {actual} 后端运行，而不是 {backend}：请重启 netbuilder 以使用 {backend}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; ({class_name}) cannot train on Keras 3: change it, or train with netbuilder&apos;s engine</source>
        <translation>层“{layer}”（{class_name}）无法在 Keras 3 上训练：请修改它，或使用 netbuilder 引擎训练</translation>
    </message>
    <message>
        <source>the {setting} {value} cannot train on Keras 3: choose another, or train with netbuilder&apos;s engine</source>
        <translation>{setting} {value} 无法在 Keras 3 上训练：请另选一个，或使用 netbuilder 引擎训练</translation>
    </message>
    <message>
        <source>the network is not built: give it an Input layer first</source>
        <translation>网络尚未构建：请先添加 Input 层</translation>
    </message>
    <message>
        <source>the network has no optimizer and loss yet: choose them first</source>
        <translation>网络还没有优化器和损失函数：请先选择</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: its weights have no place in the Keras model; train it with netbuilder&apos;s engine</source>
        <translation>层“{layer}”：其权重在 Keras 模型中没有对应位置；请使用 netbuilder 引擎训练</translation>
    </message>
    <message>
        <source>cannot train on {value} devices: Keras sees {available} here</source>
        <translation>无法在 {value} 个设备上训练：Keras 在此只看到 {available} 个</translation>
    </message>
    <message>
        <source>training on {value} devices needs Keras&apos;s JAX backend, not {backend}: set KERAS_BACKEND=jax</source>
        <translation>在 {value} 个设备上训练需要 Keras 的 JAX 后端，而不是 {backend}：请设置 KERAS_BACKEND=jax</translation>
    </message>
    <message>
        <source>training on {devices} devices splits every batch into {devices} equal parts, but a batch has {value} samples: choose a batch size and sample counts divisible by {devices}</source>
        <translation>在 {devices} 个设备上训练会把每个批次平分成 {devices} 份，但有一个批次有 {value} 个样本：请选择能被 {devices} 整除的批次大小和样本数</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: the channels axis of its input must be known</source>
        <translation>层 &apos;{layer}&apos;：输入的通道轴大小必须已知</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: its kernel {kernel} is larger than its {input_size} input with padding=&apos;valid&apos;; use padding=&apos;same&apos;, a smaller kernel_size, or less pooling/striding before it</source>
        <translation>层 &apos;{layer}&apos;：在 padding=&apos;valid&apos; 时，卷积核 {kernel} 比输入 {input_size} 还大；请改用 padding=&apos;same&apos;、更小的 kernel_size，或在它之前减少池化/步长</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: its pool_size {pool_size} is larger than its {input_size} input with padding=&apos;valid&apos;; use a smaller pool_size or padding=&apos;same&apos;</source>
        <translation>层 &apos;{layer}&apos;：在 padding=&apos;valid&apos; 时，pool_size {pool_size} 比输入 {input_size} 还大；请用更小的 pool_size 或 padding=&apos;same&apos;</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; needs inputs of shape (batch, timesteps, features), got a {ndim}-D input {shape}</source>
        <translation>层 &apos;{layer}&apos; 需要形状为 (batch, 时间步, 特征数) 的输入，得到的是 {ndim} 维输入 {shape}</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; has no input: connect it</source>
        <translation>层 &apos;{layer}&apos; 没有输入：请把它连接起来</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; is not connected to an Input</source>
        <translation>层 &apos;{layer}&apos; 没有连接到任何输入层</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; does not lead to the model&apos;s output</source>
        <translation>层 &apos;{layer}&apos; 没有通向模型的输出</translation>
    </message>
    <message>
        <source>input &apos;{layer}&apos; is not connected to any output: connect it or remove it</source>
        <translation>输入 &apos;{layer}&apos; 没有连接到任何输出：请连接它或删除它</translation>
    </message>
    <message>
        <source>two layers are named &apos;{layer}&apos;</source>
        <translation>有两个层都叫 &apos;{layer}&apos;</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; is connected to &apos;{ref}&apos;, which does not exist</source>
        <translation>层 &apos;{layer}&apos; 连接到了不存在的 &apos;{ref}&apos;</translation>
    </message>
    <message>
        <source>the graph has a cycle through layer &apos;{layer}&apos;</source>
        <translation>网络图中存在经过层 &apos;{layer}&apos; 的环路</translation>
    </message>
    <message>
        <source>Input needs a shape, e.g. Input(shape=(784,))</source>
        <translation>Input 需要指定形状，例如 Input(shape=(784,))</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; merges several inputs and cannot be used in a Sequential model: use the functional Model</source>
        <translation>层 &apos;{layer}&apos; 要合并多个输入，不能用在 Sequential 模型中：请使用函数式 Model</translation>
    </message>
    <message>
        <source>the Sequential model has no layers</source>
        <translation>这个 Sequential 模型中没有任何层</translation>
    </message>
    <message>
        <source>download of {url} cancelled</source>
        <translation>已取消下载 {url}</translation>
    </message>
    <message>
        <source>no such file or folder: &apos;{path}&apos;</source>
        <translation>找不到文件或文件夹：&apos;{path}&apos;</translation>
    </message>
    <message>
        <source>{loss}: label {value} is out of range for {num_classes} classes</source>
        <translation>{loss}：标签 {value} 超出了 {num_classes} 个类别的范围</translation>
    </message>
    <message>
        <source>Training diverged: {key} became NaN or infinite at epoch {epoch}. The steps are too big: lower the learning rate{lr_text}, for instance divide it by 10, and train again from fresh weights.</source>
        <translation>训练发散：{key} 在第 {epoch} 轮变成了 NaN 或无穷大。步子迈得太大了：请降低学习率{lr_text}，例如除以 10，然后从新的权重重新训练。</translation>
    </message>
    <message>
        <source>Training diverged: {key} exploded at epoch {epoch}. The steps are too big: lower the learning rate{lr_text}, for instance divide it by 10, and train again from fresh weights.</source>
        <translation>训练发散：{key} 在第 {epoch} 轮急剧增大。步子迈得太大了：请降低学习率{lr_text}，例如除以 10，然后从新的权重重新训练。</translation>
    </message>
    <message>
        <source> (now {learning_rate:g})</source>
        <translation>（当前为 {learning_rate:g}）</translation>
    </message>
    <message>
        <source>Too few epochs to judge the fit yet ({epochs} of at least {min_epochs}).</source>
        <translation>训练轮数太少，还无法判断拟合情况（{epochs} 轮，至少需要 {min_epochs} 轮）。</translation>
    </message>
    <message>
        <source>The fit looks healthy: the best epoch is {best_epoch}.</source>
        <translation>拟合情况良好：最佳轮次是第 {best_epoch} 轮。</translation>
    </message>
    <message>
        <source>Overfitting: validation loss was lowest at epoch {best_epoch} ({best_val_loss:.4g}) and has risen for {epochs_rising} epochs to {last_val_loss:.4g} while training loss keeps falling. The network memorizes the training samples. Remedies: get more data, make the network smaller, add L2 weight regularization, add Dropout, or keep the weights of the best epoch.</source>
        <translation>过拟合：验证集损失在第 {best_epoch} 轮最低（{best_val_loss:.4g}），之后连续 {epochs_rising} 轮上升到 {last_val_loss:.4g}，而训练损失仍在下降。网络在死记训练样本。对策：获取更多数据、缩小网络、加入 L2 权重正则化、加入 Dropout，或保留最佳轮次的权重。</translation>
    </message>
    <message>
        <source>Overfitting: the gap between training and validation {metric} grew from {gap_best:.3f} at epoch {best_epoch} to {gap_last:.3f} and keeps growing. Remedies: get more data, make the network smaller, add L2 weight regularization, add Dropout, or keep the weights of the best epoch.</source>
        <translation>过拟合：训练集与验证集的 {metric} 差距从第 {best_epoch} 轮的 {gap_best:.3f} 扩大到 {gap_last:.3f}，并且仍在扩大。对策：获取更多数据、缩小网络、加入 L2 权重正则化、加入 Dropout，或保留最佳轮次的权重。</translation>
    </message>
    <message>
        <source>Underfitting: training {metric} is stuck at {metric_value:.3f}. The network is too small to learn this data, or the learning rate is badly chosen. Try a bigger network (more layers, more units) and check the learning rate.</source>
        <translation>欠拟合：训练集的 {metric} 停留在 {metric_value:.3f}。网络太小，学不会这些数据，或者学习率选得不合适。请尝试更大的网络（更多层、更多单元），并检查学习率。</translation>
    </message>
    <message>
        <source>Underfitting: training loss hardly moved ({total_fall:.1%} lower than at epoch 1). The network is too small to learn this data, or the learning rate is badly chosen. Try a bigger network (more layers, more units) and check the learning rate.</source>
        <translation>欠拟合：训练损失几乎没有变化（只比第 1 轮低 {total_fall:.1%}）。网络太小，学不会这些数据，或者学习率选得不合适。请尝试更大的网络（更多层、更多单元），并检查学习率。</translation>
    </message>
    <message>
        <source>Underfitting: training loss is still falling ({rate:.1%} per epoch over the last {window} epochs). The network has not finished learning: train for more epochs.</source>
        <translation>欠拟合：训练损失仍在下降（最近 {window} 轮平均每轮下降 {rate:.1%}）。网络还没有学完：请训练更多轮。</translation>
    </message>
    <message>
        <source>Good fit, and overfitting starts: validation loss is at its lowest around epoch {best_epoch} ({val_loss:.4g}), but since epoch {onset} the training loss is below it and the gap grows (now {loss:.4g} against {last_val_loss:.4g}; {metric} {train_metric:.1%} on training, {val_metric:.1%} on validation). More epochs would overfit: stop about here, or add Dropout or L2 before training longer.</source>
        <translation>拟合良好，过拟合开始出现：验证损失在第 {best_epoch} 轮左右最低（{val_loss:.4g}），但从第 {onset} 轮起训练损失低于验证损失，而且差距在扩大（现在 {loss:.4g} 对 {last_val_loss:.4g}；{metric} 训练集 {train_metric:.1%}，验证集 {val_metric:.1%}）。再多训练几轮就会过拟合：在这里停下，或者先加 Dropout 或 L2 再训练更久。</translation>
    </message>
    <message>
        <source>Good fit, and overfitting starts: validation loss is at its lowest around epoch {best_epoch} ({val_loss:.4g}), but since epoch {onset} the training loss is below it and the gap grows (now {loss:.4g} against {last_val_loss:.4g}). More epochs would overfit: stop about here, or add Dropout or L2 before training longer.</source>
        <translation>拟合良好，过拟合开始出现：验证损失在第 {best_epoch} 轮左右最低（{val_loss:.4g}），但从第 {onset} 轮起训练损失低于验证损失，而且差距在扩大（现在 {loss:.4g} 对 {last_val_loss:.4g}）。再多训练几轮就会过拟合：在这里停下，或者先加 Dropout 或 L2 再训练更久。</translation>
    </message>
    <message>
        <source>Training loss is still falling ({rate:.1%} per epoch over the last {window} epochs). Without validation data the coach cannot tell a network that needs more epochs from one that starts to overfit: set a validation split, or evaluate on the test set and compare.</source>
        <translation>训练损失仍在下降（最近 {window} 轮平均每轮 {rate:.1%}）。没有验证数据，教练无法区分“还需要更多轮”和“开始过拟合”：请设置验证集划分，或者在测试集上评估后再比较。</translation>
    </message>
    <message>
        <source>Validation {metric} flattens from about epoch {epoch} (about {level:.4g}) and then only wanders within noise (the lowest validation loss, at epoch {best_epoch}, is hardly better), while the training error keeps falling below it: overfitting has begun, slowly. About that many epochs give the same validation error; keep the best epoch&apos;s weights, or add Dropout or L2 to train longer.</source>
        <translation>验证 {metric} 从第 {epoch} 轮左右开始趋平（约 {level:.4g}），之后只在噪声范围内波动（第 {best_epoch} 轮的最低验证损失也好不了多少），而训练误差还在继续下降、低于验证误差：过拟合已经缓慢开始。训练这么多轮就能得到同样的验证误差；保留最佳一轮的权重，或者加 Dropout 或 L2 之后再训练更久。</translation>
    </message>
    <message>
        <source>The output uses softmax but the loss is {loss}: binary crossentropy expects one sigmoid unit per yes/no label. Use sigmoid with binary_crossentropy, or softmax with categorical_crossentropy.</source>
        <translation>输出层用的是 softmax，而损失函数是 {loss}：二元交叉熵要求每个是/否标签对应一个 sigmoid 单元。请让 sigmoid 配合 binary_crossentropy，或让 softmax 配合 categorical_crossentropy。</translation>
    </message>
    <message>
        <source>binary_crossentropy reads the output as a probability, but the output activation is &apos;{activation}&apos;: use sigmoid.</source>
        <translation>binary_crossentropy 把输出当作概率，但输出层的激活函数是 &apos;{activation}&apos;：请使用 sigmoid。</translation>
    </message>
    <message>
        <source>{loss} expects a probability per class, but the output activation is &apos;{activation}&apos;: use softmax.</source>
        <translation>{loss} 需要每个类别一个概率，但输出层的激活函数是 &apos;{activation}&apos;：请使用 softmax。</translation>
    </message>
    <message>
        <source>For regression the output should be linear (no activation), but it is &apos;{activation}&apos;: it limits the values the network can predict.</source>
        <translation>回归任务的输出层应当是线性的（不用激活函数），但现在是 &apos;{activation}&apos;：它会限制网络能预测的数值范围。</translation>
    </message>
    <message>
        <source>&apos;accuracy&apos; means nothing for regression (a prediction is never exactly right); use mae.</source>
        <translation>&apos;accuracy&apos; 对回归没有意义（预测值几乎不可能恰好相等）；请使用 mae。</translation>
    </message>
    <message>
        <source>The labels are one-hot {y_shape} but the loss is sparse_categorical_crossentropy: use categorical_crossentropy.</source>
        <translation>标签是独热编码 {y_shape}，但损失函数是 sparse_categorical_crossentropy：请使用 categorical_crossentropy。</translation>
    </message>
    <message>
        <source>The labels are integers {y_shape} but the loss is categorical_crossentropy: use sparse_categorical_crossentropy.</source>
        <translation>标签是整数 {y_shape}，但损失函数是 categorical_crossentropy：请使用 sparse_categorical_crossentropy。</translation>
    </message>
    <message>
        <source>The labels have {units} columns but the output layer has {output_units} units: set the last layer to {units} units.</source>
        <translation>标签有 {units} 列，但输出层有 {output_units} 个单元：请把最后一层设为 {units} 个单元。</translation>
    </message>
    <message>
        <source>{m} only averages values you pass it yourself; it does not compare labels with predictions, so compile() cannot use it directly</source>
        <translation>{m} 只对你自己传入的数值求平均，不比较标签和预测值，所以 compile() 不能直接使用它</translation>
    </message>
    <message>
        <source>{m} applies to {tasks}, not to {task}; try {try}</source>
        <translation>{m} 适用于{tasks}，不适用于{task}；可以试试 {try}</translation>
    </message>
    <message>
        <source>{m} needs {wanted}, but the loss {loss} uses {given}{twin}</source>
        <translation>{m} 需要{wanted}，但损失函数 {loss} 使用的是{given}{twin}</translation>
    </message>
    <message>
        <source>{m} reads predictions as probabilities in [0, 1], but the output activation is {act}; use a sigmoid or softmax output{logits}</source>
        <translation>{m} 把预测值当作 [0, 1] 之间的概率，但输出层的激活函数是 {act}；请使用 sigmoid 或 softmax 输出{logits}</translation>
    </message>
    <message>
        <source>{m} fits {task}{thr}{args}</source>
        <translation>{m} 适用于{task}{thr}{args}</translation>
    </message>
    <message>
        <source>binary classification</source>
        <translation>二分类</translation>
    </message>
    <message>
        <source>multiclass classification</source>
        <translation>多分类</translation>
    </message>
    <message>
        <source>binary or multiclass classification</source>
        <translation>二分类或多分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>integer class ids</source>
        <translation>整数类别编号</translation>
    </message>
    <message>
        <source>one-hot labels</source>
        <translation>独热编码标签</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>; use {twin}</source>
        <translation>；请改用 {twin}</translation>
    </message>
    <message>
        <source> (or create it with from_logits=True)</source>
        <translation>（或用 from_logits=True 创建它）</translation>
    </message>
    <message>
        <source>; it turns predictions into yes/no decisions at a threshold</source>
        <translation>；它按阈值把预测值变成是/否的判断</translation>
    </message>
    <message>
        <source>; it needs {args}</source>
        <translation>；它需要参数 {args}</translation>
    </message>
    <message>
        <source>Could not download {url} ({reason}). {names} goes into the folder {folder}. Ways to get it there: copy it from a computer that can reach Keras&apos;s server; use a mirror (the environment variable {mirror_env}, or in the window Dataset › Get the data… › Mirror URL); or, if you already have the file, Dataset › Get the data… › &quot;I already have the file&quot; (command line: netbuilder datasets import; code: load_data(path=...)).</source>
        <translation>无法下载 {url}（{reason}）。{names} 应放在文件夹 {folder} 中。办法：从能访问 Keras 服务器的电脑复制过来；使用镜像（环境变量 {mirror_env}，或在窗口中：数据集 › 获取数据… › 镜像网址）；如果你已有该文件：数据集 › 获取数据… › “我已有该文件”（命令行：netbuilder datasets import；代码：load_data(path=...)）。</translation>
    </message>
    <message>
        <source>Downloaded {url} but it is unusable ({reason}). {names} goes into the folder {folder}. Ways to get it there: copy it from a computer that can reach Keras&apos;s server; use a mirror (the environment variable {mirror_env}, or in the window Dataset › Get the data… › Mirror URL); or, if you already have the file, Dataset › Get the data… › &quot;I already have the file&quot; (command line: netbuilder datasets import; code: load_data(path=...)).</source>
        <translation>已下载 {url}，但文件不可用（{reason}）。{names} 应放在文件夹 {folder} 中。办法：从能访问 Keras 服务器的电脑复制过来；使用镜像（环境变量 {mirror_env}，或在窗口中：数据集 › 获取数据… › 镜像网址）；如果你已有该文件：数据集 › 获取数据… › “我已有该文件”（命令行：netbuilder datasets import；代码：load_data(path=...)）。</translation>
    </message>
    <message>
        <source>{path}: {key} has shape {got}, but {fname} from Keras has {expected}; this is not a copy of that file</source>
        <translation>{path}：{key} 的形状是 {got}，而 Keras 的 {fname} 中是 {expected}；这不是该文件的副本</translation>
    </message>
    <message>
        <source>{path}: {key} should hold integer labels {low}..{high}, but holds other values</source>
        <translation>{path}：{key} 应为 {low}..{high} 的整数标签，但含有其他值</translation>
    </message>
    <message>
        <source>{path}: {key} should hold uint8 grey pixels (not all zero)</source>
        <translation>{path}：{key} 应为 uint8 灰度像素（且不能全为零）</translation>
    </message>
    <message>
        <source>{fname} is one file; pick the file, not a folder</source>
        <translation>{fname} 是单个文件；请选择该文件，而不是文件夹</translation>
    </message>
    <message>
        <source>{path}: its checksum differs from Keras&apos;s {fname}; accept it explicitly to use it</source>
        <translation>{path}：它的校验和与 Keras 的 {fname} 不同；需明确接受后才能使用</translation>
    </message>
    <message>
        <source>{path} changed while it was being copied; pick it again</source>
        <translation>{path} 在复制过程中发生了变化；请重新选择</translation>
    </message>
    <message>
        <source>fname must be a bare file name, got {fname}</source>
        <translation>fname 必须是不含路径的文件名，当前为 {fname}</translation>
    </message>
    <message>
        <source>unknown playground dataset {name}</source>
        <translation>未知的练习场数据集 {name}</translation>
    </message>
    <message>
        <source>unknown case {name}</source>
        <translation>未知的案例 {name}</translation>
    </message>
    <message>
        <source>{arg} cannot be {value}</source>
        <translation>{arg} 不能取 {value}</translation>
    </message>
    <message>
        <source>samples must be a large enough integer, got {samples}</source>
        <translation>samples（样本数）必须是足够大的整数，当前为 {samples}</translation>
    </message>
    <message>
        <source>noise must be &gt;= 0, got {noise}</source>
        <translation>noise（噪声）必须 &gt;= 0，当前为 {noise}</translation>
    </message>
    <message>
        <source>factor must be between 0 and 1, got {factor}</source>
        <translation>factor 必须介于 0 和 1 之间，当前为 {factor}</translation>
    </message>
    <message>
        <source>the test fraction must be at least 0 and less than 1</source>
        <translation>测试集比例必须大于等于 0 且小于 1</translation>
    </message>
    <message>
        <source>k_fold_splits: k must be an integer with 2 &lt;= k &lt;= n={n}, got {k}</source>
        <translation>k_fold_splits：k 必须是满足 2 &lt;= k &lt;= n={n} 的整数，当前为 {k}</translation>
    </message>
    <message>
        <source>the data does not have the expected shape</source>
        <translation>数据的形状不符合要求</translation>
    </message>
    <message>
        <source>Standardizer.transform was called before fit</source>
        <translation>在调用 fit 之前调用了 Standardizer.transform</translation>
    </message>
    <message>
        <source>the model takes inputs of shape {input_shape}, which this image cannot fill</source>
        <translation>模型的输入形状为 {input_shape}，无法用这张图片填充</translation>
    </message>
    <message>
        <source>task must be &apos;auto&apos;, &apos;binary&apos;, &apos;multiclass&apos;, &apos;regression&apos; or &apos;classification&apos;, got {task}</source>
        <translation>task 必须是 &apos;auto&apos;、&apos;binary&apos;、&apos;multiclass&apos;、&apos;regression&apos; 或 &apos;classification&apos;，当前为 {task}</translation>
    </message>
    <message>
        <source>task={task} needs integer class ids &gt;= 0 in y</source>
        <translation>task={task} 要求 y 中是大于等于 0 的整数类别编号</translation>
    </message>
    <message>
        <source>the data must be numeric, got dtype {dtype}</source>
        <translation>数据必须是数值型，但数据类型为 {dtype}</translation>
    </message>
    <message>
        <source>x has {x} samples but y has {y}</source>
        <translation>x 有 {x} 个样本，而 y 有 {y} 个</translation>
    </message>
    <message>
        <source>the target column {target} does not exist in the table</source>
        <translation>表格中不存在目标列 {target}</translation>
    </message>
    <message>
        <source>task=&apos;regression&apos; needs a numeric target, but column {column} holds {value}</source>
        <translation>task=&apos;regression&apos; 需要数值型目标，但列 {column} 中含有 {value}</translation>
    </message>
    <message>
        <source>the table holds values that are not numbers; every column except the target must be numeric</source>
        <translation>表格中含有非数字的值；除目标列外，每一列都必须是数值</translation>
    </message>
    <message>
        <source>{path} holds no data rows</source>
        <translation>{path} 中没有数据行</translation>
    </message>
    <message>
        <source>the table needs at least one feature column besides the target</source>
        <translation>除目标列外，表格至少还需要一个特征列</translation>
    </message>
    <message>
        <source>line {line}, column {column} holds {value}, which is not a finite number; remove or fill in missing values before loading</source>
        <translation>第 {line} 行、列 {column} 的值为 {value}，不是有限数值；请在加载前删除或填补缺失值</translation>
    </message>
    <message>
        <source>line {line}, column {column} holds {value}, too large for float32 (which stops at about 3.4e+38); scale the column down (other units, or divide by its largest value) before loading</source>
        <translation>第 {line} 行、列 {column} 的值为 {value}，超出 float32 的表示范围（最大约为 3.4e+38）；请在加载前缩小该列的数值（换用其他单位，或除以其中的最大值）</translation>
    </message>
    <message>
        <source>task=&apos;binary&apos; but column {column} has more than two distinct values</source>
        <translation>task=&apos;binary&apos;，但列 {column} 中有两个以上不同的值</translation>
    </message>
    <message>
        <source>line {line} has {fields} fields but the table has {columns} columns</source>
        <translation>第 {line} 行有 {fields} 个字段，但表格有 {columns} 列</translation>
    </message>
    <message>
        <source>{path} is too large: netbuilder loads tables of at most {limit} characters</source>
        <translation>{path} 太大：netbuilder 最多只能加载 {limit} 个字符的表格</translation>
    </message>
    <message>
        <source>cannot read {path}</source>
        <translation>无法读取 {path}</translation>
    </message>
    <message>
        <source>the .npz file is damaged or not in a format netbuilder can read</source>
        <translation>.npz 文件已损坏，或格式无法被 netbuilder 读取</translation>
    </message>
    <message>
        <source>the .npz file lacks the arrays {missing} that it needs (it holds {holds})</source>
        <translation>.npz 文件缺少所需的数组 {missing}（文件中现有：{holds}）</translation>
    </message>
    <message>
        <source>the .npz file holds Python objects (a pickle), which are not loaded</source>
        <translation>.npz 文件中含有 Python 对象（pickle），出于安全不予加载</translation>
    </message>
    <message>
        <source>the IDX files are damaged or do not match each other; delete them to download them again</source>
        <translation>IDX 文件已损坏或彼此不匹配；请删除它们以便重新下载</translation>
    </message>
    <message>
        <source>the folder {folder} lacks the IDX file(s) {files}</source>
        <translation>文件夹 {folder} 中缺少 IDX 文件 {files}</translation>
    </message>
    <message>
        <source>{path} holds more than {limit} bytes: not an IDX file netbuilder can load</source>
        <translation>{path} 超过 {limit} 字节：不是 netbuilder 能加载的 IDX 文件</translation>
    </message>
    <message>
        <source>sequence {row} holds index {index}, outside [0, {dimension}); load the data with num_words={dimension} or raise the dimension</source>
        <translation>序列 {row} 中的索引 {index} 超出了 [0, {dimension})；请用 num_words={dimension} 加载数据，或增大 dimension</translation>
    </message>
    <message>
        <source>the sequences are not in the expected form: each sample must be a list of integer word indices</source>
        <translation>序列格式不符合要求：每个样本必须是由整数词索引组成的列表</translation>
    </message>
    <message>
        <source>pad_sequences: dtype {dtype} is not compatible with the string value {value}</source>
        <translation>pad_sequences：数据类型 {dtype} 与字符串填充值 {value} 不兼容</translation>
    </message>
    <message>
        <source>truncating must be &apos;pre&apos; or &apos;post&apos;, got {truncating}</source>
        <translation>truncating 必须是 &apos;pre&apos; 或 &apos;post&apos;，当前为 {truncating}</translation>
    </message>
    <message>
        <source>after keeping only the sequences shorter than maxlen={maxlen}, none is left: increase maxlen</source>
        <translation>只保留短于 maxlen={maxlen} 的序列后，一条序列也没有剩下：请增大 maxlen</translation>
    </message>
    <message>
        <source>no word is left to size the vocabulary; pass num_words</source>
        <translation>没有剩下任何词来确定词表大小；请传入 num_words</translation>
    </message>
    <message>
        <source>{path} is not a netbuilder model file (not a zip archive)</source>
        <translation>{path} 不是 netbuilder 模型文件（不是 zip 压缩包）</translation>
    </message>
    <message>
        <source>{path} is not a netbuilder model file</source>
        <translation>{path} 不是 netbuilder 模型文件</translation>
    </message>
    <message>
        <source>{path} was written by a newer netbuilder: update netbuilder to open it</source>
        <translation>{path} 由更新版本的 netbuilder 保存：请升级 netbuilder 后再打开</translation>
    </message>
    <message>
        <source>{path} is not a complete netbuilder model: {entry} is missing</source>
        <translation>{path} 不是完整的 netbuilder 模型：缺少 {entry}</translation>
    </message>
    <message>
        <source>{path}: unexpected entry {entry} in the model file</source>
        <translation>{path}：模型文件中有意外的条目 {entry}</translation>
    </message>
    <message>
        <source>{path}: entry {entry} is damaged</source>
        <translation>{path}：条目 {entry} 已损坏</translation>
    </message>
    <message>
        <source>{path}: an entry of the model file is too large</source>
        <translation>{path}：模型文件中的某个条目过大</translation>
    </message>
    <message>
        <source>{path}: an entry claims to expand to far more than it holds (a zip bomb); it is not opened</source>
        <translation>{path}：某个条目声称解压后远大于实际内容（zip 炸弹），不予打开</translation>
    </message>
    <message>
        <source>{path}: a description file inside the model is damaged</source>
        <translation>{path}：模型中的某个描述文件已损坏</translation>
    </message>
    <message>
        <source>{path}: metadata.json has an invalid format_version</source>
        <translation>{path}：metadata.json 中的 format_version 无效</translation>
    </message>
    <message>
        <source>{path}: the architecture cannot be rebuilt</source>
        <translation>{path}：无法重建模型结构</translation>
    </message>
    <message>
        <source>{path}: the compile settings are damaged</source>
        <translation>{path}：编译设置（compile）已损坏</translation>
    </message>
    <message>
        <source>{path}: the saved optimizer state does not match the model</source>
        <translation>{path}：保存的优化器状态与模型不匹配</translation>
    </message>
    <message>
        <source>{path}: history.json is damaged</source>
        <translation>{path}：history.json 已损坏</translation>
    </message>
    <message>
        <source>{path}: the saved weights are damaged</source>
        <translation>{path}：保存的权重已损坏</translation>
    </message>
    <message>
        <source>the saved model has no input shape</source>
        <translation>保存的模型没有输入形状</translation>
    </message>
    <message>
        <source>the saved weights do not match the architecture</source>
        <translation>保存的权重与模型结构不匹配</translation>
    </message>
    <message>
        <source>the saved weight {key} has another shape than the architecture needs</source>
        <translation>保存的权重 {key} 的形状与模型结构所需的不同</translation>
    </message>
    <message>
        <source>this is not a weights file</source>
        <translation>这不是权重文件</translation>
    </message>
    <message>
        <source>{path}: a weights file name must end in .weights.h5 (Keras 3) or .npz (netbuilder)</source>
        <translation>{path}：权重文件名必须以 .weights.h5（Keras 3）或 .npz（netbuilder）结尾</translation>
    </message>
    <message>
        <source>unknown export format: choose a .nbm, .onnx, .keras or .py file</source>
        <translation>未知的导出格式：请选择 .nbm、.onnx、.keras 或 .py 文件</translation>
    </message>
    <message>
        <source>this export needs the &apos;{module}&apos; package: install it with pip</source>
        <translation>此导出需要 &apos;{module}&apos; 包：请用 pip 安装</translation>
    </message>
    <message>
        <source>the model is not built: give it an input shape (an Input layer) first</source>
        <translation>模型尚未构建：请先给它一个输入形状（Input 层）</translation>
    </message>
    <message>
        <source>the activation {activation} has no ONNX translation</source>
        <translation>激活函数 {activation} 没有对应的 ONNX 实现</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; could not be exported to ONNX</source>
        <translation>层 &apos;{layer}&apos; 无法导出为 ONNX</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: {class_name} has no ONNX translation yet</source>
        <translation>层 &apos;{layer}&apos;：{class_name} 暂时无法转换为 ONNX</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; makes a mask that a recurrent layer uses; ONNX&apos;s recurrent operators have no per-step masks: remove Masking / mask_zero to export</source>
        <translation>层 &apos;{layer}&apos; 生成了循环层要用的掩码；ONNX 的循环算子不支持逐时间步掩码：请去掉 Masking / mask_zero 后再导出</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: its activation has no ONNX equivalent inside a recurrent layer (use tanh, sigmoid, relu, hard_sigmoid, linear, softsign or softplus)</source>
        <translation>层 &apos;{layer}&apos;：循环层中的这个激活函数在 ONNX 中没有对应实现（请使用 tanh、sigmoid、relu、hard_sigmoid、linear、softsign 或 softplus）</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; is stateful; ONNX recurrent operators start from zero states: set stateful=False to export</source>
        <translation>层 &apos;{layer}&apos; 是有状态的；ONNX 循环算子总是从零状态开始：请设置 stateful=False 后再导出</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: TimeDistributed needs a known number of timesteps and sample shape to export to ONNX</source>
        <translation>层 &apos;{layer}&apos;：导出为 ONNX 时，TimeDistributed 需要确定的时间步数和样本形状</translation>
    </message>
    <message>
        <source>ONNX export needs opset 17 or newer</source>
        <translation>导出 ONNX 需要 opset 17 或更高版本</translation>
    </message>
    <message>
        <source>{path} is not a Keras .keras archive (not a readable zip)</source>
        <translation>{path} 不是 Keras 的 .keras 压缩包（无法作为 zip 读取）</translation>
    </message>
    <message>
        <source>{path} is not a complete Keras archive: {entry} is missing</source>
        <translation>{path} 不是完整的 Keras 压缩包：缺少 {entry}</translation>
    </message>
    <message>
        <source>the Keras file holds an unexpected or damaged entry</source>
        <translation>Keras 文件中有意外或已损坏的条目</translation>
    </message>
    <message>
        <source>{path}: refusing entry {entry} (an unsafe path)</source>
        <translation>{path}：拒绝读取条目 {entry}（路径不安全）</translation>
    </message>
    <message>
        <source>{path}: an entry of the archive is damaged</source>
        <translation>{path}：压缩包中的某个条目已损坏</translation>
    </message>
    <message>
        <source>{path}: an entry of the archive is too large</source>
        <translation>{path}：压缩包中的某个条目过大</translation>
    </message>
    <message>
        <source>{path}: config.json is damaged</source>
        <translation>{path}：config.json 已损坏</translation>
    </message>
    <message>
        <source>config.json does not describe a Keras Sequential or Functional model</source>
        <translation>config.json 描述的不是 Keras 的 Sequential 或 Functional 模型</translation>
    </message>
    <message>
        <source>{path}: the Keras model cannot be rebuilt in netbuilder</source>
        <translation>{path}：无法在 netbuilder 中重建这个 Keras 模型</translation>
    </message>
    <message>
        <source>the weights of the Keras file are damaged</source>
        <translation>Keras 文件中的权重已损坏</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: an input reference is damaged</source>
        <translation>层 &apos;{layer}&apos;：某个输入引用已损坏</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; is shared (called several times), which netbuilder does not support</source>
        <translation>层 &apos;{layer}&apos; 被共享（调用了多次），netbuilder 不支持这种用法</translation>
    </message>
    <message>
        <source>the Keras model uses layer &apos;{layer}&apos; of type {class_name}, which netbuilder does not support</source>
        <translation>这个 Keras 模型使用了类型为 {class_name} 的层 &apos;{layer}&apos;，netbuilder 不支持该层</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: its activation has non-default parameters and no Keras config form; use an Activation layer with a plain activation</source>
        <translation>层 &apos;{layer}&apos;：它的激活函数带有非默认参数，无法写成 Keras 配置；请改用普通激活函数的 Activation 层</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos; needs another number of weight arrays than the file holds</source>
        <translation>层 &apos;{layer}&apos; 所需的权重数组个数与文件中的不同</translation>
    </message>
    <message>
        <source>layer &apos;{layer}&apos;: a weight in the file has another shape than the architecture needs</source>
        <translation>层 &apos;{layer}&apos;：文件中某个权重的形状与模型结构所需的不同</translation>
    </message>
</context>
<context>
    <name>CostView</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>The layer and its kind</source>
        <translation>层及其类型</translation>
    </message>
    <message>
        <source>Mult-adds</source>
        <translation>乘加</translation>
    </message>
    <message>
        <source>Multiply-adds per sample in one forward pass (training costs about three times as much)</source>
        <translation>一次前向传播中每个样本的乘加次数（训练约为其三倍）</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Trainable and non-trainable weights</source>
        <translation>可训练与不可训练的权重</translation>
    </message>
    <message>
        <source>Weight mem.</source>
        <translation>权重内存</translation>
    </message>
    <message>
        <source>Memory of the weights, their gradients and the optimizer&apos;s state for them</source>
        <translation>权重、其梯度及优化器状态所占内存</translation>
    </message>
    <message>
        <source>Activation mem.</source>
        <translation>激活内存</translation>
    </message>
    <message>
        <source>Memory of this layer&apos;s outputs kept for the backward pass, at the batch size</source>
        <translation>在该批次大小下，为反向传播保留的本层输出所占内存</translation>
    </message>
</context>
<context>
    <name>DataDialog</name>
    <message>
        <source>Get the data: {title}</source>
        <translation>获取数据：{title}</translation>
    </message>
    <message>
        <source>{title} needs the file {fname} ({size}) from Keras&apos;s server.</source>
        <translation>{title} 需要来自 Keras 服务器的文件 {fname}（{size}）。</translation>
    </message>
    <message>
        <source>From: {url}
Into: {folder}
Keras finds it there too.</source>
        <translation>来源：{url}
存入：{folder}
Keras 也会在那里找到它。</translation>
    </message>
    <message>
        <source>No internet connection (the server could not be reached). Ways out: a mirror URL below, or &quot;I already have the file&quot; if you have a copy. (Detail: {reason})</source>
        <translation>无法连接到互联网（连不上服务器）。解决办法：在下方填写镜像网址；如果你已有该文件的副本，请点“我已有该文件”。（详细信息：{reason}）</translation>
    </message>
    <message>
        <source>The last download failed: {reason}</source>
        <translation>上次下载失败：{reason}</translation>
    </message>
    <message>
        <source>The file {path} already there was kept unchanged: its checksum differs from Keras&apos;s. If you trust it, pick it with &quot;I already have the file&quot;.</source>
        <translation>那里已有的文件 {path} 保持原样未动：它的校验和与 Keras 的不同。如果你信任它，请用“我已有该文件”选择它。</translation>
    </message>
    <message>
        <source>Mirror URL</source>
        <translation>镜像网址</translation>
    </message>
    <message>
        <source>from {var}: {url}</source>
        <translation>来自 {var}：{url}</translation>
    </message>
    <message>
        <source>in use: {url}</source>
        <translation>正在使用：{url}</translation>
    </message>
    <message>
        <source>empty: Keras&apos;s own server; or a copy of its folder, e.g. https://mirror.example/keras-datasets/</source>
        <translation>留空：使用 Keras 自己的服务器；或填写其文件夹的镜像，例如 https://mirror.example/keras-datasets/</translation>
    </message>
    <message>
        <source>A server that holds the same file names as Keras&apos;s dataset folder. Remembered; the same as the environment variable {var}.</source>
        <translation>一个与 Keras 数据集文件夹有相同文件名的服务器。会被记住；作用与环境变量 {var} 相同。</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>I already have the file ({fname})…</source>
        <translation>我已有该文件（{fname}）…</translation>
    </message>
    <message>
        <source>I have the four IDX files (folder)…</source>
        <translation>我有四个 IDX 文件（文件夹）…</translation>
    </message>
    <message>
        <source>Use it anyway</source>
        <translation>仍然使用</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <source>{mb:.1f} MB</source>
        <translation>{mb:.1f} MB</translation>
    </message>
    <message>
        <source>{kb} kB</source>
        <translation>{kb} kB</translation>
    </message>
    <message>
        <source>A mirror URL starts with http://, https:// or file://, e.g. https://mirror.example/keras-datasets/</source>
        <translation>镜像网址以 http://、https:// 或 file:// 开头，例如 https://mirror.example/keras-datasets/</translation>
    </message>
    <message>
        <source>Downloading {fname}…</source>
        <translation>正在下载 {fname}…</translation>
    </message>
    <message>
        <source>Download cancelled. The part already downloaded is kept: Download continues from there.</source>
        <translation>下载已取消。已下载的部分会保留：再次点击“下载”将从那里继续。</translation>
    </message>
    <message>
        <source>The download did not work. Try a mirror URL, or &quot;I already have the file&quot;.</source>
        <translation>下载没有成功。请尝试镜像网址，或使用“我已有该文件”。</translation>
    </message>
    <message>
        <source>The folder of the four MNIST IDX files</source>
        <translation>包含四个 MNIST IDX 文件的文件夹</translation>
    </message>
    <message>
        <source>Your copy of {fname}</source>
        <translation>你的 {fname} 副本</translation>
    </message>
    <message>
        <source>Keras dataset files ({pattern})</source>
        <translation>Keras 数据集文件（{pattern}）</translation>
    </message>
    <message>
        <source>Checking {path}…</source>
        <translation>正在检查 {path}…</translation>
    </message>
    <message>
        <source>The four IDX files were read and checked as MNIST ({shapes}); their own checksums are not compared with the official ones. netbuilder converts them into {fname} for itself; Keras would still download its own {fname}.</source>
        <translation>这四个 IDX 文件已读取，并按 MNIST 检查过（{shapes}）；它们自身的校验和没有与官方的比对。netbuilder 会把它们转换成自己用的 {fname}；Keras 本身仍会下载它自己的 {fname}。</translation>
    </message>
    <message>
        <source>The arrays are right ({shapes}), but the file is not byte for byte Keras&apos;s {fname}: its checksum differs (a rebuilt or re-saved copy). netbuilder can use it; Keras itself would download its own file again.</source>
        <translation>数组是正确的（{shapes}），但该文件与 Keras 的 {fname} 并非逐字节相同：校验和不同（重建或重新保存的副本）。netbuilder 可以使用它；Keras 自己则会重新下载它的文件。</translation>
    </message>
    <message>
        <source>Copying into {folder}…</source>
        <translation>正在复制到 {folder}…</translation>
    </message>
    <message>
        <source>{path} cannot be used as {fname}: {reason}</source>
        <translation>{path} 不能用作 {fname}：{reason}</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>it is another file: it holds the arrays {holds}, but {fname} holds {needs}</source>
        <translation>这是另一个文件：其中的数组是 {holds}，而 {fname} 应含有 {needs}</translation>
    </message>
    <message>
        <source>the file is incomplete (an interrupted download?) or damaged, so it cannot be read [{detail}]</source>
        <translation>文件不完整（下载中断了？）或已损坏，无法读取 [{detail}]</translation>
    </message>
    <message>
        <source>Get {fname} again (Download here, or copy it again from {url}), then pick the complete file with &quot;I already have the file&quot;.</source>
        <translation>请重新获取 {fname}（在这里点“下载”，或从 {url} 重新复制一份），然后用“我已有该文件”选择完整的文件。</translation>
    </message>
    <message>
        <source>Pick Keras&apos;s {fname} ({size}, from {url}) with &quot;I already have the file&quot;, or get it with Download.</source>
        <translation>请用“我已有该文件”选择 Keras 的 {fname}（{size}，来自 {url}），或点“下载”获取它。</translation>
    </message>
    <message>
        <source>{fname} is ready in {folder}.</source>
        <translation>{fname} 已在 {folder} 中准备好。</translation>
    </message>
    <message>
        <source>The different file that was there is kept as {path}.</source>
        <translation>原先那里的另一个文件已保留为 {path}。</translation>
    </message>
</context>
<context>
    <name>DataFailures</name>
    <message>
        <source>No internet connection (the server could not be reached).</source>
        <translation>没有网络连接（无法连接到服务器）。</translation>
    </message>
    <message>
        <source>The download failed: {reason}.</source>
        <translation>下载失败：{reason}。</translation>
    </message>
    <message>
        <source>{title} needs {names} in the folder {folder}. Copy the files there from a computer that can reach the server, or set the environment variable {mirror_env} to a mirror that serves them, then press Load again.</source>
        <translation>{title} 需要把 {names} 放在文件夹 {folder} 中。请从能访问该服务器的电脑上把这些文件复制过去，或把环境变量 {mirror_env} 设为提供这些文件的镜像地址，然后再点“加载”。</translation>
    </message>
</context>
<context>
    <name>DataSources</name>
    <message>
        <source>MNIST</source>
        <extracomment>(key, label) in the order the combo shows them. Names shown for the sources (translated when shown, see ``choice_label``).</extracomment>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <source>IMDB movie reviews</source>
        <translation>IMDB 电影评论</translation>
    </message>
    <message>
        <source>Reuters newswires</source>
        <translation>路透社新闻</translation>
    </message>
    <message>
        <source>Boston housing prices</source>
        <translation>波士顿房价</translation>
    </message>
    <message>
        <source>spirals</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>xor</source>
        <translation>异或</translation>
    </message>
    <message>
        <source>gaussian clusters</source>
        <translation>高斯簇</translation>
    </message>
    <message>
        <source>moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>regression 1d</source>
        <translation>一维回归</translation>
    </message>
    <message>
        <source>regression 2d</source>
        <translation>二维回归</translation>
    </message>
    <message>
        <source>{title} (tutorial)</source>
        <translation>{title}（教程）</translation>
    </message>
    <message>
        <source>Playground: {name}</source>
        <translation>练习场：{name}</translation>
    </message>
    <message>
        <source>Import CSV/NPZ…</source>
        <translation>导入 CSV/NPZ…</translation>
    </message>
    <message>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST 服饰图像</translation>
    </message>
    <message>
        <source>train:</source>
        <extracomment>Which preparation options each kind of source takes (the panel shows only these). The source a project without a dataset section starts from, and the options&apos; starting values.</extracomment>
        <translation>训练集：</translation>
    </message>
    <message>
        <source>test:</source>
        <translation>测试集：</translation>
    </message>
    <message>
        <source>Set input to {shape}</source>
        <translation>把输入设为 {shape}</translation>
    </message>
    <message>
        <source>Set the last Dense to {n} units</source>
        <translation>把最后一个 Dense 设为 {n} 个单元</translation>
    </message>
</context>
<context>
    <name>DatasetPanel</name>
    <message>
        <source>dense (flat vectors)</source>
        <extracomment>Option values (code) → the words shown for them.</extracomment>
        <translation>dense（展平的向量）</translation>
    </message>
    <message>
        <source>conv (images with a channel)</source>
        <translation>conv（带通道轴的图像）</translation>
    </message>
    <message>
        <source>multi-hot (bag of words)</source>
        <translation>multi-hot（词袋）</translation>
    </message>
    <message>
        <source>sequence (word indices)</source>
        <translation>sequence（词索引序列）</translation>
    </message>
    <message>
        <source>categorical (one-hot)</source>
        <translation>categorical（独热编码）</translation>
    </message>
    <message>
        <source>sparse (integers)</source>
        <translation>sparse（整数）</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Num words</source>
        <translation>词汇量</translation>
    </message>
    <message>
        <source>Max length</source>
        <translation>最大长度</translation>
    </message>
    <message>
        <source>Standardize</source>
        <translation>标准化</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>categorical: one-hot labels (categorical_crossentropy); sparse: integer labels (sparse_categorical_crossentropy)</source>
        <translation>categorical：独热编码标签（配合 categorical_crossentropy）；sparse：整数标签（配合 sparse_categorical_crossentropy）</translation>
    </message>
    <message>
        <source>Standardize features</source>
        <translation>标准化特征</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Get the data…</source>
        <translation>获取数据…</translation>
    </message>
    <message>
        <source>Download the tutorial file (also from a mirror), or use a copy you already have</source>
        <translation>下载教程的数据文件（也可从镜像下载），或使用你已有的副本</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Load the tutorial&apos;s network</source>
        <translation>加载教程中的网络</translation>
    </message>
    <message>
        <source>No file loaded yet: Load asks for a CSV or NPZ file.</source>
        <translation>尚未加载文件：点“加载”会请你选择一个 CSV 或 NPZ 文件。</translation>
    </message>
    <message>
        <source>{name} is not loaded yet: Load loads it now; Train loads it first, then trains.</source>
        <translation>{name} 尚未加载：点“加载”立即加载；点“训练”会先加载它，再开始训练。</translation>
    </message>
    <message>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <source>Data (*.csv *.csv.gz *.npz)</source>
        <translation>数据文件 (*.csv *.csv.gz *.npz)</translation>
    </message>
    <message>
        <source>{fname} is not here yet: the data dialog shows the ways to get it.</source>
        <translation>{fname} 还不在这里：数据对话框列出了获取它的办法。</translation>
    </message>
    <message>
        <source>The network&apos;s input and output fit the data.</source>
        <translation>网络的输入和输出与数据相匹配。</translation>
    </message>
    <message>
        <source>The network does not fit the data: {fixes}</source>
        <translation>网络与数据不匹配：{fixes}</translation>
    </message>
    <message>
        <source>The load of {old} was stopped: {new} is chosen now.</source>
        <translation>已停止加载 {old}：现在选择的是 {new}。</translation>
    </message>
</context>
<context>
    <name>DecisionRegions</name>
    <message>
        <source>The decision regions cannot be drawn for this network: {error}</source>
        <extracomment>Largest picture cost (parameters × grid points, about the multiply-adds) drawn on the GUI thread: 6e7 is about 20 ms of NumPy, and keeps the start-up example&apos;s 80 × 80 grid. Fewest grid points a side before a network is declared too big to draw live. A picture asked for in the background (a run&apos;s start or end) is predicted this many ms later, unless a live refresh came first: a run&apos;s start is not shared with a job, and a sweep&apos;s next run replaces the last one&apos;s. (generation, picture) from the background thread, delivered to the GUI thread (queued)</extracomment>
        <translation>无法为这个网络绘制决策区域：{error}</translation>
    </message>
    <message>
        <source>they need data with one or two features, got shape {shape}</source>
        <translation>决策区域需要一个或两个特征的数据，而数据的形状是 {shape}</translation>
    </message>
    <message>
        <source>the network is too big to draw live ({params} parameters; at most {limit} can be drawn)</source>
        <translation>网络太大，无法实时绘制（{params} 个参数；最多可绘制 {limit} 个）</translation>
    </message>
    <message>
        <source>Train a playground model to see its decision regions.</source>
        <translation>先训练一个练习场模型，才能看到它的决策区域。</translation>
    </message>
</context>
<context>
    <name>DigitPanel</name>
    <message>
        <source>Pen width on the 280×280 pad (MNIST strokes are about 2–3 of its 28 pixels)</source>
        <translation>280×280 画板上的笔宽（MNIST 的笔画约占 28 像素中的 2–3 个）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>What the model receives: the drawing centred by its centre of mass in a 20×20 box inside 28×28, as the MNIST digits were prepared</source>
        <translation>模型实际收到的输入：按质心居中、缩放到 28×28 中的 20×20 区域，与 MNIST 数字的预处理方式相同</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>笔宽</translation>
    </message>
    <message>
        <source>Model input (28×28)</source>
        <translation>模型输入（28×28）</translation>
    </message>
    <message>
        <source>Open an image of a digit</source>
        <translation>打开一张数字图像</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>图像 ({patterns})</translation>
    </message>
    <message>
        <source>Cannot read {path} as an image.</source>
        <translation>无法把 {path} 读取为图像。</translation>
    </message>
    <message>
        <source>Train a model (or open a .nbm file) to see its answer.</source>
        <translation>先训练一个模型（或打开 .nbm 文件），才能看到它的回答。</translation>
    </message>
    <message>
        <source>Draw a digit in the box.</source>
        <translation>请在方框里写一个数字。</translation>
    </message>
    <message>
        <source>This model cannot take a drawing: {error}</source>
        <translation>这个模型无法接收手写图像：{error}</translation>
    </message>
    <message>
        <source>The model says {answer} ({p}).</source>
        <translation>模型认为是 {answer}（{p}）。</translation>
    </message>
</context>
<context>
    <name>DrawPad</name>
    <message>
        <source>Draw a digit with the mouse or a pen; drop an image file here to use it instead.</source>
        <translation>用鼠标或手写笔写一个数字；也可以把图像文件拖到这里。</translation>
    </message>
</context>
<context>
    <name>EdgeItem</name>
    <message>
        <source>{src} → {dst} (select and press Delete to remove)</source>
        <translation>{src} → {dst}（选中后按 Delete 删除）</translation>
    </message>
    <message>
        <source>output {index} of {src} → {dst} (select and press Delete to remove)</source>
        <translation>{src} 的第 {index} 号输出 → {dst}（选中后按 Delete 删除）</translation>
    </message>
</context>
<context>
    <name>EngineChoice</name>
    <message>
        <source>Engine</source>
        <translation>训练引擎</translation>
    </message>
    <message>
        <source>netbuilder (NumPy / CuPy)</source>
        <translation>netbuilder（NumPy / CuPy）</translation>
    </message>
    <message>
        <source>devices not checked yet</source>
        <translation>尚未检测设备</translation>
    </message>
    <message>
        <source>Keras 3 ({backend}, {devices})</source>
        <translation>Keras 3（{backend}，{devices}）</translation>
    </message>
    <message>
        <source>Who trains the network: netbuilder&apos;s own engine, or Keras 3 on its backend and devices (the same network, settings and data; the trained weights come back here).</source>
        <translation>由谁训练网络：netbuilder 自带的引擎，或在其后端和设备上运行的 Keras 3（网络、设置和数据都相同；训练好的权重会回到这里）。</translation>
    </message>
    <message>
        <source>Runs on {where}.</source>
        <translation>在{where}上运行。</translation>
    </message>
    <message>
        <source>the GPU (CuPy)</source>
        <translation>GPU（CuPy）</translation>
    </message>
    <message>
        <source>the CPU (NumPy)</source>
        <translation>CPU（NumPy）</translation>
    </message>
    <message>
        <source>Keras 3 engine not available: {reason}</source>
        <translation>Keras 3 引擎不可用：{reason}</translation>
    </message>
    <message>
        <source>Keras 3 cannot start: {error}</source>
        <translation>Keras 3 无法启动：{error}</translation>
    </message>
    <message>
        <source>Keras 3 on {backend}: looking for its devices…</source>
        <translation>Keras 3 使用 {backend}：正在查找设备…</translation>
    </message>
    <message>
        <source>Keras 3 on {backend}, data parallel over {n} devices ({devices}): each batch is split across them.</source>
        <translation>Keras 3 使用 {backend}，在 {n} 个设备（{devices}）上数据并行：每个批次分到各设备上计算。</translation>
    </message>
    <message>
        <source>Keras 3 on {backend}, device {device}.</source>
        <translation>Keras 3 使用 {backend}，设备 {device}。</translation>
    </message>
</context>
<context>
    <name>EvaluationPanel</name>
    <message>
        <source>Evaluate on the test set</source>
        <translation>在测试集上评估</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: true, columns: predicted; click a cell)</source>
        <translation>混淆矩阵（行：真实类别，列：预测类别；点击单元格查看样本）</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实值</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>residual (true − predicted)</source>
        <translation>残差（真实值 − 预测值）</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Test set: {logs}</source>
        <translation>测试集：{logs}</translation>
    </message>
    <message>
        <source>({wrong} of {n} misclassified)</source>
        <translation>（{n} 个中有 {wrong} 个分错）</translation>
    </message>
    <message>
        <source>From the previous network or dataset (changed since): evaluate again after training.</source>
        <translation>来自之前的网络或数据集（之后已更改）：请训练后重新评估。</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>test set</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>The book: {where} {metric} ≈ {value}</source>
        <translation>书中结果：{where} {metric} ≈ {value}</translation>
    </message>
    <message>
        <source>this run was stopped before the end: train it to the end to compare</source>
        <translation>这次运行在结束前被停止了：完整训练后再比较</translation>
    </message>
    <message>
        <source>train to compare</source>
        <translation>训练后即可对比</translation>
    </message>
    <message>
        <source>evaluate on the test set to compare</source>
        <translation>在测试集上评估后即可对比</translation>
    </message>
    <message>
        <source>this run: {mine}</source>
        <translation>本次运行：{mine}</translation>
    </message>
    <message>
        <source>✔ reproduced</source>
        <translation>✔ 已复现</translation>
    </message>
    <message>
        <source>⚠ below the book</source>
        <translation>⚠ 低于书中结果</translation>
    </message>
    <message>
        <source>Evaluating on the test set…</source>
        <translation>正在测试集上评估…</translation>
    </message>
    <message>
        <source>Evaluating on the test set… batch {done}/{total}</source>
        <translation>正在测试集上评估… 第 {done}/{total} 批</translation>
    </message>
    <message>
        <source>✖ Evaluation failed: {0}</source>
        <translation>✖ 评估失败：{0}</translation>
    </message>
    <message>
        <source>Train a model and choose a dataset with a test set first.</source>
        <translation>请先训练模型，并选择一个带测试集的数据集。</translation>
    </message>
    <message>
        <source>Evaluation stopped; the previous result (if any) is not updated.</source>
        <translation>评估已停止；之前的结果（如有）未更新。</translation>
    </message>
    <message>
        <source>{n} test samples of class {i} predicted as {j}</source>
        <translation>类别 {i} 被预测为 {j} 的测试样本共 {n} 个</translation>
    </message>
    <message>
        <source>(shown one by one under Try it › Test samples)</source>
        <translation>（可在“试一试 › 测试样本”中逐个查看）</translation>
    </message>
</context>
<context>
    <name>GraphDocument</name>
    <message>
        <source>unknown layer</source>
        <extracomment>Starting values for constructor arguments that have no default, so a dropped layer is valid. Kinds of change in :attr:`GraphDocument.last_change` (see the module docstring).</extracomment>
        <translation>未知的层</translation>
    </message>
    <message>
        <source>{dst} is an Input: it takes no incoming connection</source>
        <translation>{dst} 是输入层：它不接受任何传入连接</translation>
    </message>
    <message>
        <source>{src} is already connected to {dst}</source>
        <translation>{src} 已经连接到 {dst}</translation>
    </message>
    <message>
        <source>connecting {src} → {dst} would make a cycle; a network must flow one way</source>
        <translation>连接 {src} → {dst} 会形成环路；网络中的数据只能单向流动</translation>
    </message>
</context>
<context>
    <name>GraphScene</name>
    <message>
        <source>a layer cannot feed itself ({name})</source>
        <translation>一个层不能连接到自身（{name}）</translation>
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <source>The gradients of layer &apos;{layer}&apos; are not finite numbers: the weights are blowing up.</source>
        <translation>层 &apos;{layer}&apos; 的梯度已不是有限数值：权重正在爆炸。</translation>
    </message>
    <message>
        <source>Exploding gradients: the gradient norm of &apos;{layer}&apos; grew from {start:.3g} to {norm:.3g}.</source>
        <translation>梯度爆炸：&apos;{layer}&apos; 的梯度范数从 {start:.3g} 增长到 {norm:.3g}。</translation>
    </message>
    <message>
        <source>Vanishing gradients: the first layer &apos;{first}&apos; gets a gradient {ratio:.3g} times smaller than the last one &apos;{last}&apos;, so it hardly learns.</source>
        <translation>梯度消失：第一层 &apos;{first}&apos; 得到的梯度比最后一层 &apos;{last}&apos; 小 {ratio:.3g} 倍，所以它几乎学不到东西。</translation>
    </message>
    <message>
        <source>Dead ReLU units: {share:.0%} of the units of &apos;{layer}&apos; output 0 for every sample, so they pass no gradient and never learn again.</source>
        <translation>ReLU 单元死亡：&apos;{layer}&apos; 中 {share:.0%} 的单元对每个样本都输出 0，它们不传递梯度，再也学不动了。</translation>
    </message>
    <message>
        <source>Saturated units: {share:.0%} of the {activation} units of &apos;{layer}&apos; sit on the flat ends of their curve, where the gradient is almost 0.</source>
        <translation>单元饱和：&apos;{layer}&apos; 中 {share:.0%} 的 {activation} 单元停在曲线平坦的两端，那里的梯度几乎为 0。</translation>
    </message>
    <message>
        <source>Learning rate ÷ 10</source>
        <translation>学习率 ÷ 10</translation>
    </message>
    <message>
        <source>He initializer for ReLU layers</source>
        <translation>ReLU 层改用 He 初始化</translation>
    </message>
    <message>
        <source>ReLU in hidden sigmoid/tanh layers</source>
        <translation>隐藏的 sigmoid/tanh 层改用 ReLU</translation>
    </message>
    <message>
        <source>LeakyReLU instead of ReLU</source>
        <translation>用 LeakyReLU 代替 ReLU</translation>
    </message>
    <message>
        <source>BatchNormalization after hidden layers</source>
        <translation>在隐藏层后加 BatchNormalization</translation>
    </message>
    <message>
        <source>How each layer fares during training: the size of its weights and of its gradients (the strip shows the gradient norm over the epochs), the share of ReLU units that never fire and of sigmoid/tanh units stuck on the flat ends of their curve.</source>
        <extracomment>While epochs stream in, the table is rebuilt at most this often (seconds).</extracomment>
        <translation>训练中每一层的状况：权重和梯度的大小（小图显示各轮的梯度范数），从不激活的 ReLU 单元所占比例，以及卡在曲线平坦两端的 sigmoid/tanh 单元所占比例。</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>‖W‖</source>
        <translation>‖W‖</translation>
    </message>
    <message>
        <source>‖g‖</source>
        <translation>‖g‖</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>‖g‖ over the epochs</source>
        <translation>各轮的 ‖g‖</translation>
    </message>
    <message>
        <source>Train the network: its health is measured at every epoch end.</source>
        <translation>训练网络：每轮结束时测量它的健康状况。</translation>
    </message>
    <message>
        <source>Healthy: no vanishing or exploding gradients, no dead or saturated layers.</source>
        <translation>健康：没有梯度消失或爆炸，没有死亡或饱和的层。</translation>
    </message>
</context>
<context>
    <name>LRFinderDialog</name>
    <message>
        <source>Find a learning rate</source>
        <translation>寻找学习率</translation>
    </message>
    <message>
        <source>learning rate (log scale)</source>
        <translation>学习率（对数刻度）</translation>
    </message>
    <message>
        <source>loss (smoothed)</source>
        <translation>损失（平滑后）</translation>
    </message>
    <message>
        <source>Training with a growing learning rate…</source>
        <translation>正在用逐渐增大的学习率训练…</translation>
    </message>
    <message>
        <source>Use this learning rate</source>
        <translation>使用这个学习率</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose a dataset first (Dataset dock), then try again.</source>
        <translation>请先（在“数据集”面板）选择数据集，然后再试。</translation>
    </message>
    <message>
        <source>The test failed: {error}</source>
        <translation>测试失败：{error}</translation>
    </message>
    <message>
        <source>Too few batches to suggest a learning rate: use more training data.</source>
        <translation>批次太少，无法建议学习率：请使用更多训练数据。</translation>
    </message>
    <message>
        <source>Suggested learning rate: {lr} (where the loss falls fastest, before it blows up).</source>
        <translation>建议的学习率：{lr}（损失下降最快处，在它爆炸之前）。</translation>
    </message>
    <message>
        <source>Learning rate set to {lr}. Train again from fresh weights.</source>
        <translation>学习率已设为 {lr}。请从新的权重重新训练。</translation>
    </message>
</context>
<context>
    <name>Lab</name>
    <message>
        <source>{label}: best val_loss {before} → {after} (epoch {epoch_before} → {epoch_after})</source>
        <translation>{label}：最佳 val_loss {before} → {after}（第 {epoch_before} 轮 → 第 {epoch_after} 轮）</translation>
    </message>
    <message>
        <source>{label}: no validation loss to compare (train with a validation set)</source>
        <translation>{label}：没有验证损失可比较（请用验证集训练）</translation>
    </message>
    <message>
        <source>the gap between training and validation shrank from {before} to {after}</source>
        <translation>训练与验证之间的差距从 {before} 缩小到 {after}</translation>
    </message>
    <message>
        <source>the gap between training and validation grew from {before} to {after}</source>
        <translation>训练与验证之间的差距从 {before} 增大到 {after}</translation>
    </message>
    <message>
        <source>the gap between training and validation stayed at {before}</source>
        <translation>训练与验证之间的差距保持在 {before}</translation>
    </message>
    <message>
        <source>the change helps on this data</source>
        <translation>这个改动在这份数据上有帮助</translation>
    </message>
    <message>
        <source>the change does not help on this data</source>
        <translation>这个改动在这份数据上没有帮助</translation>
    </message>
    <message>
        <source>IMDB: original vs smaller vs bigger network</source>
        <translation>IMDB：原始网络、更小的网络与更大的网络</translation>
    </message>
    <message>
        <source>IMDB: original vs L2(0.001) weight regularization</source>
        <translation>IMDB：原始网络与 L2(0.001) 权重正则化</translation>
    </message>
    <message>
        <source>IMDB: original vs Dropout(0.5)</source>
        <translation>IMDB：原始网络与 Dropout(0.5)</translation>
    </message>
    <message>
        <source>MNIST: underfitting with a 1-unit and a 4-unit hidden layer</source>
        <translation>MNIST：1 个单元和 4 个单元的隐藏层造成的欠拟合</translation>
    </message>
    <message>
        <source>Look at the solid validation curves. The bigger network&apos;s validation loss turns upward within the first few epochs and climbs fast, while its dashed training loss falls to almost zero: it has room to memorize the training reviews. The smaller network starts to overfit later and more slowly. More capacity fits the training data sooner, not the new data better.</source>
        <translation>看实线的验证曲线。更大的网络的验证损失在最初几轮之内就开始上升，而且升得很快，同时它的虚线训练损失几乎降到零：它有足够的容量去记住训练评论。更小的网络开始过拟合得更晚，也更慢。容量越大，越早拟合训练数据，却不会更好地拟合新数据。</translation>
    </message>
    <message>
        <source>With L2(0.001) every large weight costs loss, so the network keeps its weights small. Its validation loss (which includes that cost) climbs more slowly than the original&apos;s and ends lower, although both networks have the same number of parameters.</source>
        <translation>使用 L2(0.001) 时，每个大的权重都会增加损失，所以网络会让权重保持很小。它的验证损失（包含这部分代价）比原始网络的上升得更慢，最后也更低，尽管两个网络的参数数量相同。</translation>
    </message>
    <message>
        <source>Dropout(0.5) switches off half of the hidden outputs at random in each training step, so no unit can rely on a few others. The training loss falls more slowly, and the validation loss stays lower for longer than the original&apos;s.</source>
        <translation>Dropout(0.5) 在每个训练步骤中随机关掉一半的隐藏输出，所以没有哪个单元能依赖少数几个其他单元。训练损失下降得更慢，而验证损失比原始网络的更长时间地保持在较低水平。</translation>
    </message>
    <message>
        <source>A hidden layer of 1 or 4 units is a bottleneck: ten digits cannot pass through it. The dashed training curves stay high and flat, close to the validation curves: the network underfits. The table network with 512 units learns both far better.</source>
        <translation>只有 1 个或 4 个单元的隐藏层是一个瓶颈：十个数字无法从中通过。虚线的训练曲线一直又高又平，接近验证曲线：网络欠拟合。表中有 512 个单元的网络在两方面都学得好得多。</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>smaller (4 units)</source>
        <translation>更小（4 个单元）</translation>
    </message>
    <message>
        <source>bigger (512 units)</source>
        <translation>更大（512 个单元）</translation>
    </message>
    <message>
        <source>table network (512 units)</source>
        <translation>表中的网络（512 个单元）</translation>
    </message>
    <message>
        <source>1 unit</source>
        <translation>1 个单元</translation>
    </message>
    <message>
        <source>4 units</source>
        <translation>4 个单元</translation>
    </message>
    <message>
        <source>a sweep takes 2 to 6 values, got {n}: {text}</source>
        <translation>扫描需要 2 到 6 个值，收到 {n} 个：{text}</translation>
    </message>
    <message>
        <source>the values repeat: {text}</source>
        <translation>值有重复：{text}</translation>
    </message>
    <message>
        <source>activation {value} is unknown</source>
        <translation>未知的激活函数 {value}</translation>
    </message>
    <message>
        <source>{arg} value {value} is not a number</source>
        <translation>{arg} 的值 {value} 不是数字</translation>
    </message>
    <message>
        <source>{arg} value {value} must be a whole number of at least 1</source>
        <translation>{arg} 的值 {value} 必须是不小于 1 的整数</translation>
    </message>
    <message>
        <source>rate value {value} must be in [0, 1)</source>
        <translation>rate 的值 {value} 必须在 [0, 1) 之内</translation>
    </message>
    <message>
        <source>l2 value {value} cannot be negative</source>
        <translation>l2 的值 {value} 不能为负</translation>
    </message>
    <message>
        <source>learning_rate value {value} must be greater than 0</source>
        <translation>learning_rate 的值 {value} 必须大于 0</translation>
    </message>
    <message>
        <source>the network has no layer {value} to sweep</source>
        <translation>网络里没有要扫描的层 {value}</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
</context>
<context>
    <name>LabWidget</name>
    <message>
        <source>⚠ These runs trained on different datasets ({names}): their curves cannot be compared.</source>
        <translation>⚠ 这些运行使用了不同的数据集（{names}）训练：它们的曲线无法相互比较。</translation>
    </message>
</context>
<context>
    <name>LayerInspector</name>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>default {value}</source>
        <translation>默认 {value}</translation>
    </message>
    <message>
        <source>No layer selected</source>
        <translation>未选择任何层</translation>
    </message>
    <message>
        <source>Select a layer on the canvas to edit its arguments.</source>
        <translation>在画布上选择一个层，即可编辑它的参数。</translation>
    </message>
    <message>
        <source>Keras argument &apos;{key}&apos;; {default}</source>
        <translation>Keras 参数 &apos;{key}&apos;；{default}</translation>
    </message>
    <message>
        <source>Output shape {shape}</source>
        <translation>输出形状 {shape}</translation>
    </message>
    <message>
        <source>Problem: {message}</source>
        <translation>问题：{message}</translation>
    </message>
    <message>
        <source>A model used as a layer (Keras&apos;s model sharing): {n} layers inside ({names}). Its weights train with this network; it is edited in its own project, not here.</source>
        <translation>作为层使用的模型（Keras 的模型共享）：内含 {n} 个层（{names}）。它的权重随本网络一起训练；它在自己的项目中编辑，而不是在这里。</translation>
    </message>
    <message>
        <source>Called {n} times, with one set of weights.</source>
        <translation>被调用 {n} 次，使用同一组权重。</translation>
    </message>
    <message>
        <source>Call {k} of the shared layer {layer}: it runs {layer}&apos;s layer on its own input, with the same weights. Its arguments are {layer}&apos;s: a change here changes every call. Its parameters are counted once, on {layer}.</source>
        <translation>共享层 {layer} 的第 {k} 次调用：它在自己的输入上运行 {layer} 这一层，权重相同。它的参数就是 {layer} 的参数：在这里修改会改变每一次调用。参数只计一次，计在 {layer} 上。</translation>
    </message>
    <message>
        <source>A shared layer, called {n} times ({calls}): every call uses these weights, and training adds up what each call teaches them. Drop another input on it to call it once more; delete a call&apos;s node to stop sharing.</source>
        <translation>共享层，被调用 {n} 次（{calls}）：每次调用都使用这些权重，训练时把每次调用带来的梯度相加。再拖一个输入到它上面即可多调用一次；删除某次调用的节点即可停止共享。</translation>
    </message>
    <message>
        <source>Input shape must be a list of sizes such as 28, 28, 1; got {value}</source>
        <translation>输入形状必须是一组尺寸，例如 28, 28, 1；得到的是 {value}</translation>
    </message>
    <message>
        <source>{key} = {value} was not applied: {error}</source>
        <translation>{key} = {value} 未被采用：{error}</translation>
    </message>
    <message>
        <source>Set {target}</source>
        <translation>设置 {target}</translation>
    </message>
    <message>
        <source>{node} is a call of {layer} and takes its name from it: rename {layer} instead</source>
        <translation>{node} 是 {layer} 的一次调用，名称随之而定：请改为重命名 {layer}</translation>
    </message>
    <message>
        <source>name {name} was not applied: use letters, digits and _ and a name no other layer has</source>
        <translation>名称 {name} 未被采用：只能使用字母、数字和 _，并且不能与其他层重名</translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>Every model starts here: set the shape of one sample, e.g. (784,) or (28, 28, 1).</source>
        <extracomment>When to reach for a layer; a group hint is used for layers without their own line.</extracomment>
        <translation>每个模型都从这里开始：设定单个样本的形状，例如 (784,) 或 (28, 28, 1)。</translation>
    </message>
    <message>
        <source>The workhorse: classification/regression heads and MLPs on flat feature vectors.</source>
        <translation>最常用的层：用作分类或回归的输出头，以及处理一维特征向量的多层感知机。</translation>
    </message>
    <message>
        <source>Apply a non-linearity as its own step (e.g. after BatchNormalization).</source>
        <translation>把非线性激活单独作为一步（例如放在 BatchNormalization 之后）。</translation>
    </message>
    <message>
        <source>Between convolution/pooling blocks and Dense layers: images must be flattened first.</source>
        <translation>放在卷积/池化模块与 Dense 层之间：图像必须先展平。</translation>
    </message>
    <message>
        <source>Against overfitting: randomly zeroes inputs while training (typical rate 0.2–0.5).</source>
        <translation>对抗过拟合：训练时随机把部分输入置零（rate 通常取 0.2–0.5）。</translation>
    </message>
    <message>
        <source>Join branches side by side (inception-style or multi-input models).</source>
        <translation>把多个分支并排拼接（Inception 式结构或多输入模型）。</translation>
    </message>
    <message>
        <source>Residual connections: sum branches of the same shape.</source>
        <translation>残差连接：把形状相同的分支相加。</translation>
    </message>
    <message>
        <source>First layer for word indices (IMDB, Reuters): turns integers into dense vectors.</source>
        <translation>处理词索引（IMDB、Reuters）时的第一层：把整数变成稠密向量。</translation>
    </message>
    <message>
        <source>Sequences where order matters (text, time series); keeps long-range memory.</source>
        <translation>适用于顺序很重要的序列（文本、时间序列）；能保留长程记忆。</translation>
    </message>
    <message>
        <source>Images: learns local patterns (edges, textures) shared across positions.</source>
        <translation>图像：学习在各个位置共享的局部模式（边缘、纹理）。</translation>
    </message>
    <message>
        <source>After Conv2D: halves height and width, keeps the strongest activations.</source>
        <translation>接在 Conv2D 之后：把高和宽减半，保留最强的激活。</translation>
    </message>
    <message>
        <source>Deeper nets that train slowly: normalises activations per batch.</source>
        <translation>用于训练缓慢的深层网络：按批次对激活值做归一化。</translation>
    </message>
    <message>
        <source>Basic building block of most networks.</source>
        <translation>大多数网络的基本组成部分。</translation>
    </message>
    <message>
        <source>Grid-like data (images, signals) where local patterns matter.</source>
        <translation>用于网格状数据（图像、信号），其中局部模式很重要。</translation>
    </message>
    <message>
        <source>Shrinks feature maps after convolutions; Global pooling replaces Flatten.</source>
        <translation>在卷积之后缩小特征图；全局池化可以代替 Flatten。</translation>
    </message>
    <message>
        <source>Sequences: reads the steps in order and keeps a state.</source>
        <translation>用于序列：按顺序读取每一步并保留一个状态。</translation>
    </message>
    <message>
        <source>Turns integer tokens into learned vectors.</source>
        <translation>把整数词元变成可学习的向量。</translation>
    </message>
    <message>
        <source>Combines two or more branches; the inputs must have compatible shapes.</source>
        <translation>合并两个或更多分支；各输入的形状必须兼容。</translation>
    </message>
    <message>
        <source>Keeps activations in a stable range so training is faster and steadier.</source>
        <translation>让激活值保持在稳定的范围内，使训练更快、更平稳。</translation>
    </message>
    <message>
        <source>Fights overfitting; does nothing at prediction time.</source>
        <translation>对抗过拟合；预测时不起作用。</translation>
    </message>
    <message>
        <source>Changes the layout of a tensor without learning anything.</source>
        <translation>改变张量的排列方式，本身不学习任何参数。</translation>
    </message>
    <message>
        <source>Shapes:</source>
        <translation>形状：</translation>
    </message>
    <message>
        <source>When to use:</source>
        <translation>何时使用：</translation>
    </message>
    <message>
        <source>Search layers…</source>
        <translation>搜索层…</translation>
    </message>
</context>
<context>
    <name>LayerView</name>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Sample:</source>
        <translation>样本：</translation>
    </message>
    <message>
        <source>Load a dataset and build a network to look inside it.</source>
        <translation>载入数据集并搭建网络，就能看看它的内部。</translation>
    </message>
    <message>
        <source>{kind} output {shape}: one picture per channel (feature map), dark = low, light = high.</source>
        <translation>{kind} 输出 {shape}：每个通道一张图（特征图），暗 = 小，亮 = 大。</translation>
    </message>
    <message>
        <source>{kind} output {shape}: rows are units, columns are time steps; red = positive, blue = negative.</source>
        <translation>{kind} 输出 {shape}：每行是一个单元，每列是一个时间步；红 = 正，蓝 = 负。</translation>
    </message>
    <message>
        <source>{kind} output: {n} units, one bar each (largest: unit {top} = {value:.3g}).</source>
        <translation>{kind} 输出：{n} 个单元，每个一根柱（最大：单元 {top} = {value:.3g}）。</translation>
    </message>
    <message>
        <source>Embedding output {shape}: each word&apos;s vector; the words whose vectors lie closest (cosine similarity):</source>
        <translation>Embedding 输出 {shape}：每个词的向量；向量最接近的词（余弦相似度）：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Undo</source>
        <extracomment>The features every builder window installs, in this order (``ui.features``): Try it follows the training controller, recovery autosaves after a training run; the look-inside views, the lab and the cost view read the training controller too (and shut down before it).</extracomment>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty model</source>
        <translation>从空白模型开始</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a .nbproj project</source>
        <translation>打开 .nbproj 项目</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete selected layers/edges</source>
        <translation>删除选中的层或连线</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to View</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole graph</source>
        <translation>显示整个网络图</translation>
    </message>
    <message>
        <source>&amp;Snap to Grid</source>
        <translation>对齐网格(&amp;S)</translation>
    </message>
    <message>
        <source>Align moved layers to a grid</source>
        <translation>移动的层自动对齐到网格</translation>
    </message>
    <message>
        <source>Auto-&amp;Layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <source>Arrange layers top-down in layers</source>
        <translation>把各层自上而下分层排列</translation>
    </message>
    <message>
        <source>Toggle Model &amp;Output</source>
        <translation>切换模型输出(&amp;O)</translation>
    </message>
    <message>
        <source>Make the selected layers model outputs (or stop them being outputs)</source>
        <translation>把选中的层设为模型输出（或取消输出）</translation>
    </message>
    <message>
        <source>Show &amp;Keras Code</source>
        <translation>显示 &amp;Keras 代码</translation>
    </message>
    <message>
        <source>Show &amp;Problems</source>
        <translation>显示问题(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;About netbuilder</source>
        <translation>关于 netbuilder(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation>入门(&amp;G)</translation>
    </message>
    <message>
        <source>The first steps, in a few lines</source>
        <translation>用几句话介绍最初几步</translation>
    </message>
    <message>
        <source>The Four &amp;Tutorial Cases…</source>
        <translation>四个教程案例(&amp;T)…</translation>
    </message>
    <message>
        <source>The book&apos;s examples by chapter: click one to open it</source>
        <translation>按章节列出书中的示例：点击即可打开</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back in its default place</source>
        <translation>把每个面板放回默认位置</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <extracomment>The menu bar: ``(window attribute, title, entries)``; an entry is an action attribute, None (a separator), ``(attribute, title)`` (a submenu, filled elsewhere) or &quot;docks&quot; (the window&apos;s docks&apos; toggles).</extracomment>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation>示例(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>属性检查器</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Keras code</source>
        <translation>Keras 代码</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>试一试</translation>
    </message>
    <message>
        <source>Total params: {n}</source>
        <translation>参数总数：{n}</translation>
    </message>
    <message>
        <source>Empty model</source>
        <translation>空模型</translation>
    </message>
    <message>
        <source>Graph OK</source>
        <translation>网络图正确</translation>
    </message>
    <message>
        <source>1 problem</source>
        <translation>1 个问题</translation>
    </message>
    <message>
        <source>{n} problems</source>
        <translation>{n} 个问题</translation>
    </message>
    <message>
        <source>The Keras code cannot be written for this network: {error}</source>
        <translation>无法为这个网络生成 Keras 代码：{error}</translation>
    </message>
    <message>
        <source>Not connected: {why}</source>
        <translation>未连接：{why}</translation>
    </message>
    <message>
        <source>About netbuilder</source>
        <translation>关于 netbuilder</translation>
    </message>
    <message>
        <source>Build neural networks visually, train them, watch them learn. The engine speaks Keras 3: the code view runs with real Keras.</source>
        <translation>用可视化的方式搭建神经网络、训练它们、观察它们学习。引擎使用 Keras 3 的接口：代码视图中的代码可以直接在真正的 Keras 中运行。</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>开销</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <source>call {k} of {n} · weights of {layer}</source>
        <translation>第 {k}/{n} 次调用 · 使用 {layer} 的权重</translation>
    </message>
    <message>
        <source>shared: {n} calls</source>
        <translation>共享：{n} 次调用</translation>
    </message>
    <message>
        <source>output shape: {shape}</source>
        <translation>输出形状：{shape}</translation>
    </message>
    <message>
        <source>a shared layer: every call uses the same weights</source>
        <translation>共享层：每次调用都使用同一组权重</translation>
    </message>
    <message>
        <source>Problem:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>see problems</source>
        <translation>见问题列表</translation>
    </message>
</context>
<context>
    <name>PaperBallView</name>
    <message>
        <source>Like a crumpled ball of red and blue paper, the data enters the network tangled; each layer unfolds it a little more until the colours come apart. Each picture is one layer&apos;s view of the same points (two units drawn as they are, more units by their two main directions, PCA).</source>
        <translation>就像一团揉皱的红蓝纸球，数据进入网络时缠在一起；每一层把它展开一点，直到两种颜色分开。每张图是一层眼中的同一批点（两个单元按原样画出，更多单元画其两个主方向，即 PCA）。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Load a 2-D playground dataset (spiral, circles, ...) to see it.</source>
        <translation>载入二维 Playground 数据集（螺旋、圆环等）即可看到。</translation>
    </message>
    <message>
        <source>2 units</source>
        <translation>2 个单元</translation>
    </message>
    <message>
        <source>1 unit</source>
        <translation>1 个单元</translation>
    </message>
    <message>
        <source>PCA, {share:.0%} of the spread</source>
        <translation>PCA，占离散程度的 {share:.0%}</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>after epoch {n}</source>
        <translation>第 {n} 轮之后</translation>
    </message>
    <message>
        <source>{when}: {names}</source>
        <translation>{when}：{names}</translation>
    </message>
</context>
<context>
    <name>PortItem</name>
    <message>
        <source>Drag from here to another layer&apos;s input</source>
        <translation>从这里拖到另一层的输入端口</translation>
    </message>
    <message>
        <source>Drop a connection here (merge layers take several)</source>
        <translation>把连接拖放到这里（合并层可以接收多个输入）</translation>
    </message>
</context>
<context>
    <name>ProblemsList</name>
    <message>
        <source>The canvas is empty: drag an Input from the palette to start.</source>
        <translation>画布是空的：从左侧的层面板拖一个 Input 开始。</translation>
    </message>
    <message>
        <source>The model has no Input layer: add one and connect it.</source>
        <translation>模型没有输入层：请添加一个并连接起来。</translation>
    </message>
    <message>
        <source>Fix: {fix}</source>
        <translation>修复：{fix}</translation>
    </message>
    <message>
        <source>Click to apply this fix (Undo takes it back).</source>
        <translation>点击应用此修复（可用“撤销”恢复）。</translation>
    </message>
    <message>
        <source>No problems: every shape fits.</source>
        <translation>没有问题：所有张量形状都匹配。</translation>
    </message>
    <message>
        <source>(code: {code})</source>
        <translation>（代码：{code}）</translation>
    </message>
</context>
<context>
    <name>ProjectActions</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Cannot open {name}: {error}</source>
        <translation>无法打开 {name}：{error}</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <extracomment>Libraries Qt 6&apos;s xcb platform plugin loads, and the Debian/Ubuntu package providing each. The example opened when there is no project to reopen.</extracomment>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>已打开 {name}</translation>
    </message>
    <message>
        <source>{title}; some values were changed: {notes}</source>
        <translation>{title}；部分数值已调整：{notes}</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>netbuilder projects (*{suffix});;All files (*)</source>
        <translation>netbuilder 项目 (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>netbuilder projects (*{suffix})</source>
        <translation>netbuilder 项目 (*{suffix})</translation>
    </message>
    <message>
        <source>The model trained in {name} is not exported: its weights are lost if you go on. Export it first?</source>
        <translation>在 {name} 中训练的模型尚未导出：继续的话它的权重会丢失。要先导出吗？</translation>
    </message>
    <message>
        <source>Save the changes to {name} and export the model trained in it?</source>
        <translation>保存对 {name} 的更改并导出在其中训练的模型吗？</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to {name}?</source>
        <translation>是否保存对 {name} 的更改？</translation>
    </message>
</context>
<context>
    <name>ProjectErrors</name>
    <message>
        <source>Cannot open {name}: </source>
        <translation>无法打开 {name}：</translation>
    </message>
    <message>
        <source>it is too large for a project ({size} MiB; the limit is {limit} MiB)</source>
        <translation>文件太大，不像是项目文件（{size} MiB；上限为 {limit} MiB）</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>it could not be read ({error})</source>
        <translation>无法读取该文件（{error}）</translation>
    </message>
    <message>
        <source>it is not valid JSON (line {line}: {error}); the file may be damaged</source>
        <translation>它不是有效的 JSON（第 {line} 行：{error}）；文件可能已损坏</translation>
    </message>
    <message>
        <source>its JSON is nested too deeply to be a project; the file is damaged or hostile</source>
        <translation>它的 JSON 嵌套过深，不可能是项目文件；文件已损坏或是恶意构造的</translation>
    </message>
    <message>
        <source>it is not a netbuilder project (no &quot;format&quot;: &quot;netbuilder-project&quot; marker)</source>
        <translation>它不是 netbuilder 项目（缺少 &quot;format&quot;: &quot;netbuilder-project&quot; 标记）</translation>
    </message>
    <message>
        <source>it was written by a newer netbuilder (project version {version})</source>
        <translation>它是由更新版本的 netbuilder 写的（项目版本 {version}）</translation>
    </message>
    <message>
        <source>its &apos;model&apos; is not a Keras model config (class_name Functional or Sequential)</source>
        <translation>它的 &apos;model&apos; 不是 Keras 模型配置（class_name 应为 Functional 或 Sequential）</translation>
    </message>
    <message>
        <source>its model config has no &apos;layers&apos; list</source>
        <translation>它的模型配置没有 &apos;layers&apos; 列表</translation>
    </message>
    <message>
        <source>layer #{index} is not a {{&apos;class_name&apos;, &apos;config&apos;}} entry</source>
        <translation>第 {index} 层不是 {{&apos;class_name&apos;, &apos;config&apos;}} 形式的条目</translation>
    </message>
    <message>
        <source>layer #{index} has an unknown type {type}</source>
        <translation>第 {index} 层的类型 {type} 未知</translation>
    </message>
    <message>
        <source>layer #{index} has no name</source>
        <translation>第 {index} 层没有名称</translation>
    </message>
    <message>
        <source>two layers are named {layer}</source>
        <translation>有两个层都叫 {layer}</translation>
    </message>
    <message>
        <source>layer {layer} is connected to {ref}, which is not in the file</source>
        <translation>层 {layer} 连接到 {ref}，但文件中没有这个层</translation>
    </message>
    <message>
        <source>the model output {ref} is not a layer of the file</source>
        <translation>模型输出 {ref} 不是文件中的层</translation>
    </message>
    <message>
        <source>its &apos;layout&apos; is not a {{layer: [x, y]}} table</source>
        <translation>它的 &apos;layout&apos; 不是 {{layer: [x, y]}}（层名: [x, y]）形式的表</translation>
    </message>
    <message>
        <source>{key} is {value}; expected {expected}</source>
        <translation>{key} 的值是 {value}；应为{expected}</translation>
    </message>
    <message>
        <source>its network cannot be placed on the canvas ({error})</source>
        <translation>它的网络无法放到画布上（{error}）</translation>
    </message>
    <message>
        <source>a whole number from {low} to {high}</source>
        <translation>{low} 到 {high} 之间的整数</translation>
    </message>
    <message>
        <source>a number from {low} to {high}</source>
        <translation>{low} 到 {high} 之间的数</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>an object {{...}}</source>
        <translation>一个对象 {{...}}</translation>
    </message>
    <message>
        <source>one of {choices}</source>
        <translation>以下之一：{choices}</translation>
    </message>
    <message>
        <source>a whole number from {low} to {high}, or &quot;all&quot;</source>
        <translation>{low} 到 {high} 之间的整数，或 &quot;all&quot;</translation>
    </message>
    <message>
        <source>a whole number from {low} to {high}, or null (a random seed)</source>
        <translation>{low} 到 {high} 之间的整数，或 null（随机种子）</translation>
    </message>
    <message>
        <source>null, or an object with &quot;patience&quot; and &quot;restore_best_weights&quot;</source>
        <translation>null，或含有 &quot;patience&quot; 和 &quot;restore_best_weights&quot; 的对象</translation>
    </message>
    <message>
        <source>an optimizer name ({choices}) or an object with &quot;class_name&quot; and &quot;config&quot;</source>
        <translation>优化器名称（{choices}），或含有 &quot;class_name&quot; 和 &quot;config&quot; 的对象</translation>
    </message>
    <message>
        <source>a list of metric names</source>
        <translation>由指标名称组成的列表</translation>
    </message>
    <message>
        <source>not a metric netbuilder knows</source>
        <translation>这不是 netbuilder 认识的指标</translation>
    </message>
    <message>
        <source>a name, a number, true/false or null</source>
        <translation>名称、数字、true/false 或 null</translation>
    </message>
    <message>
        <source>a value the optimizer accepts ({reason})</source>
        <translation>优化器能接受的值（{reason}）</translation>
    </message>
    <message>
        <source>an object of metric names and numbers of at least 0, such as {{&quot;accuracy&quot;: 0.978}}</source>
        <translation>一个由指标名和不小于 0 的数值组成的对象，例如 {{&quot;accuracy&quot;: 0.978}}</translation>
    </message>
    <message>
        <source>{key} {value} was changed to {new} ({expected})</source>
        <translation>{key} 的值 {value} 已改为 {new}（应为{expected}）</translation>
    </message>
    <message>
        <source>{key}: {value} was left out ({expected})</source>
        <translation>{key}：{value} 已被忽略（{expected}）</translation>
    </message>
</context>
<context>
    <name>SampleBrowser</name>
    <message>
        <source>Misclassified only</source>
        <translation>只看分错的</translation>
    </message>
    <message>
        <source>Prev/Next visit only the samples the model gets wrong, most confident first</source>
        <translation>“上一个/下一个”只浏览模型分错的样本，最有把握的错误排在前面</translation>
    </message>
    <message>
        <source>Prev</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Test sample</source>
        <translation>测试样本</translation>
    </message>
    <message>
        <source>All samples</source>
        <translation>全部样本</translation>
    </message>
    <message>
        <source>Stop visiting the chosen samples: Prev/Next go through all of them</source>
        <translation>不再只看所选样本：上一个/下一个将遍历全部样本</translation>
    </message>
    <message>
        <source>{title}: sample {k} of {n}</source>
        <translation>{title}：第 {k} 个，共 {n} 个</translation>
    </message>
    <message>
        <source>No test set to browse.</source>
        <translation>没有可浏览的测试集。</translation>
    </message>
    <message>
        <source>Predicting the test set…</source>
        <translation>正在预测测试集…</translation>
    </message>
    <message>
        <source>{n} test samples; mean absolute error {mae}. “Misclassified only” visits the largest errors first.</source>
        <translation>共 {n} 个测试样本；平均绝对误差 {mae}。勾选“只看分错的”时，先浏览误差最大的样本。</translation>
    </message>
    <message>
        <source>{n} test samples; {wrong} misclassified (accuracy {acc}).</source>
        <translation>{n} 个测试样本；{wrong} 个分错（accuracy {acc}）。</translation>
    </message>
    <message>
        <source>No misclassified sample: the model gets every test sample right.</source>
        <translation>没有分错的样本：模型把每个测试样本都分对了。</translation>
    </message>
    <message>
        <source>input of shape {shape}</source>
        <translation>形状为 {shape} 的输入</translation>
    </message>
    <message>
        <source>Predicted {pred}, true {true} (error {err}).</source>
        <translation>预测 {pred}，真实值 {true}（误差 {err}）。</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Predicted {pred} ({conf}), true {true}</source>
        <translation>预测为 {pred}（{conf}），真实为 {true}</translation>
    </message>
</context>
<context>
    <name>SetupProblems</name>
    <message>
        <source>Use softmax</source>
        <extracomment>check_setup codes that only warn (the run works, the result is poor or the metric meaningless) texts of the fixes, translated when shown</extracomment>
        <translation>改用 softmax</translation>
    </message>
    <message>
        <source>Use sigmoid</source>
        <translation>改用 sigmoid</translation>
    </message>
    <message>
        <source>Use a linear output</source>
        <translation>改用线性输出</translation>
    </message>
    <message>
        <source>Use mae instead of accuracy</source>
        <translation>用 mae 代替 accuracy</translation>
    </message>
    <message>
        <source>Set {n} units</source>
        <translation>设为 {n} 个单元</translation>
    </message>
    <message>
        <source>Set input to {shape}</source>
        <translation>把输入设为 {shape}</translation>
    </message>
    <message>
        <source>Use {loss}</source>
        <translation>改用 {loss}</translation>
    </message>
    <message>
        <source>Use the book&apos;s {n} epochs</source>
        <translation>使用书中的 {n} 轮</translation>
    </message>
    <message>
        <source>The input layer takes samples of shape {have}, but the data&apos;s samples have shape {want}.</source>
        <extracomment>a tutorial dataset&apos;s run set to more than this many times the book&apos;s epochs (and more than LONG_RUN_MIN epochs) gets a warning: the start-up example&apos;s 1000 epochs carried over to MNIST made a 25-minute run without a word</extracomment>
        <translation>输入层接收形状为 {have} 的样本，但数据的样本形状是 {want}。</translation>
    </message>
    <message>
        <source>The book trains {dataset} for {n} epochs; this run is set to {m}: it will take about {x} times as long, and the coach will likely find overfitting early on.</source>
        <translation>书中用 {n} 轮训练{dataset}；这次运行设为 {m} 轮：耗时约为 {x} 倍，教练很可能早早就发现过拟合。</translation>
    </message>
    <message>
        <source>The output layer has {have} units, but the labels need {want} (one per {what}).</source>
        <translation>输出层有 {have} 个单元，但标签需要 {want} 个（每个{what}一个）。</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>label column</source>
        <translation>标签列</translation>
    </message>
</context>
<context>
    <name>ShareLinkItem</name>
    <message>
        <source>{twin} calls {layer} again: same weights</source>
        <translation>{twin} 再次调用 {layer}：同一组权重</translation>
    </message>
</context>
<context>
    <name>ShareOffer</name>
    <message>
        <source>Share {layer} with {src}</source>
        <translation>与 {src} 共享 {layer}</translation>
    </message>
</context>
<context>
    <name>StepPanel</name>
    <message>
        <source>Training repeats five steps for every batch: draw a batch, run the network on it, measure the loss, compute the gradient of the loss for every weight, and move every weight a little against its gradient. Step through them here, on your own network and data.</source>
        <translation>训练对每个批次重复五步：抽取一个批次，让网络在其上运行，计算损失，求出损失对每个权重的梯度，再让每个权重沿梯度的反方向移动一小步。在这里用你自己的网络和数据一步一步地看。</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Step ×10</source>
        <translation>走 10 步</translation>
    </message>
    <message>
        <source>Run to end of epoch</source>
        <translation>运行到本轮结束</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Fresh weights, back to the first batch</source>
        <translation>重新初始化权重，回到第一个批次</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>gradient norm ‖g‖</source>
        <translation>梯度范数 ‖g‖</translation>
    </message>
    <message>
        <source>gradient values</source>
        <translation>梯度值分布</translation>
    </message>
    <message>
        <source>3 · The loss: how far y_pred is from y</source>
        <translation>3 · 损失：y_pred 离 y 有多远</translation>
    </message>
    <message>
        <source>4 · Backpropagation: the gradient of the loss for every weight</source>
        <translation>4 · 反向传播：损失对每个权重的梯度</translation>
    </message>
    <message>
        <source>5 · Move every weight a little against its gradient. Pick a weight to see its update:</source>
        <translation>5 · 让每个权重沿梯度的反方向移动一小步。选一个权重，看它的更新：</translation>
    </message>
    <message>
        <source>Press Step to take the first training step.</source>
        <translation>按“单步”走出第一个训练步。</translation>
    </message>
    <message>
        <source>Epoch {epoch}, next step {step} of {steps} (batches of {bs}); {taken} steps taken.</source>
        <translation>第 {epoch} 轮，下一步是第 {step} / {steps} 步（每批 {bs} 个样本）；已走 {taken} 步。</translation>
    </message>
    <message>
        <source>Choose a dataset first.</source>
        <translation>请先选择数据集。</translation>
    </message>
    <message>
        <source>There is no network to train.</source>
        <translation>没有可训练的网络。</translation>
    </message>
    <message>
        <source>Cannot build the model: {error}</source>
        <translation>无法构建模型：{error}</translation>
    </message>
    <message>
        <source>The loss of every step taken</source>
        <translation>已走每一步的损失</translation>
    </message>
    <message>
        <source>{opt} on {key}{index}, the weight with the largest gradient (step t = {t}):</source>
        <translation>{opt} 更新 {key}{index}（梯度最大的权重，第 t = {t} 步）：</translation>
    </message>
</context>
<context>
    <name>Style</name>
    <message>
        <source>{n} params</source>
        <translation>{n} 个参数</translation>
    </message>
</context>
<context>
    <name>TextPanel</name>
    <message>
        <source>Type or paste an English movie review, e.g. “A wonderful film with brilliant acting.”</source>
        <translation>输入或粘贴一段英文影评，例如 “A wonderful film with brilliant acting.”</translation>
    </message>
    <message>
        <source>Paste a newswire, e.g. “The company said net profit rose to 12 mln dlrs in the quarter.”</source>
        <translation>粘贴一段英文新闻，例如 “The company said net profit rose to 12 mln dlrs in the quarter.”</translation>
    </message>
    <message>
        <source>Tokens (struck out in red: outside the model&apos;s vocabulary, fed as [OOV])</source>
        <translation>词元（红色删除线：不在模型词表中，按 [OOV] 输入）</translation>
    </message>
    <message>
        <source>Train a model (or open a .nbm file) to see its answer.</source>
        <translation>先训练一个模型（或打开 .nbm 文件），才能看到它的回答。</translation>
    </message>
    <message>
        <source>Type some text.</source>
        <translation>请输入一些文字。</translation>
    </message>
    <message>
        <source>The dataset&apos;s word index is not available: {error}</source>
        <translation>无法获取数据集的词索引：{error}</translation>
    </message>
    <message>
        <source>The dataset&apos;s word index is not available.</source>
        <translation>无法获取数据集的词索引。</translation>
    </message>
    <message>
        <source>This model cannot take this text encoding: {error}</source>
        <translation>这个模型无法接收这种文本编码：{error}</translation>
    </message>
    <message>
        <source>{n} words, {oov} outside the vocabulary.</source>
        <translation>共 {n} 个词，其中 {oov} 个不在词表中。</translation>
    </message>
    <message>
        <source>Model input: multi-hot vector {shape}, 1 at the {n} indices [{shown}] (word order and counts are lost).</source>
        <translation>模型输入：multi-hot 向量 {shape}，在这 {n} 个索引处为 1：[{shown}]（词序和词频都丢失了）。</translation>
    </message>
    <message>
        <source>Model input: index sequence {shape} (…{shown})</source>
        <translation>模型输入：索引序列 {shape}（…{shown}）</translation>
    </message>
    <message>
        <source>Top topic: {topic} ({p})</source>
        <translation>最可能的主题：{topic}（{p}）</translation>
    </message>
</context>
<context>
    <name>TrainingConfigPanel</name>
    <message>
        <source>Stochastic gradient descent: step against the gradient of each mini-batch, scaled by the learning rate.</source>
        <extracomment>One-line tooltips, after the tutorial&apos;s explanations.</extracomment>
        <translation>随机梯度下降：沿每个小批量梯度的反方向走一步，步长由学习率决定。</translation>
    </message>
    <message>
        <source>Divides each step by a running root-mean-square of recent gradients, so every weight gets a step size of its own.</source>
        <translation>用近期梯度的滑动均方根去除每一步，使每个权重都有自己的步长。</translation>
    </message>
    <message>
        <source>RMSprop plus momentum: running averages of the gradient and of its square.</source>
        <translation>RMSprop 加上动量：同时维护梯度及其平方的滑动平均。</translation>
    </message>
    <message>
        <source>Adam with weight decay applied directly to the weights.</source>
        <translation>带权重衰减的 Adam：衰减直接作用在权重上。</translation>
    </message>
    <message>
        <source>Each weight&apos;s step shrinks with the sum of its past squared gradients.</source>
        <translation>每个权重的步长随其历史梯度平方和的增大而缩小。</translation>
    </message>
    <message>
        <source>Adagrad variant that uses a window of recent gradients instead of all of them.</source>
        <translation>Adagrad 的变体：只使用近期一段窗口内的梯度，而不是全部历史梯度。</translation>
    </message>
    <message>
        <source>Adam with the infinity norm of past gradients.</source>
        <translation>使用历史梯度无穷范数的 Adam。</translation>
    </message>
    <message>
        <source>Adam with Nesterov momentum.</source>
        <translation>带 Nesterov 动量的 Adam。</translation>
    </message>
    <message>
        <source>Steps by the sign of a momentum average (small learning rates).</source>
        <translation>按动量平均值的符号更新（需要较小的学习率）。</translation>
    </message>
    <message>
        <source>How big each step is: too small learns slowly, too big overshoots or diverges.</source>
        <translation>每一步走多远：太小学得慢，太大会越过最低点甚至发散。</translation>
    </message>
    <message>
        <source>Keeps part of the previous step, like a ball rolling downhill: faster through ravines, past small bumps.</source>
        <translation>动量：保留上一步的一部分，就像滚下山坡的小球：在狭长的沟谷中走得更快，也能越过小的坑洼。</translation>
    </message>
    <message>
        <source>Looks ahead: computes the gradient where momentum is about to take the weights.</source>
        <translation>向前看一步：在动量即将把权重带到的位置计算梯度。</translation>
    </message>
    <message>
        <source>How long the running average of squared gradients remembers (closer to 1 = longer).</source>
        <translation>梯度平方滑动平均的记忆长度（越接近 1 记得越久）。</translation>
    </message>
    <message>
        <source>Decay of the running average of gradients (the momentum part).</source>
        <translation>梯度滑动平均的衰减率（动量部分）。</translation>
    </message>
    <message>
        <source>Decay of the running average of squared gradients.</source>
        <translation>梯度平方滑动平均的衰减率。</translation>
    </message>
    <message>
        <source>A tiny number that avoids dividing by zero.</source>
        <translation>一个极小的数，避免除以零。</translation>
    </message>
    <message>
        <source>Shrinks every weight a little at each step (a regularizer).</source>
        <translation>每一步都把所有权重缩小一点（一种正则化）。</translation>
    </message>
    <message>
        <source>Normalizes by the gradient&apos;s variance instead of its raw second moment.</source>
        <translation>用梯度的方差而不是原始二阶矩来归一化。</translation>
    </message>
    <message>
        <source>Uses the maximum of past squared-gradient averages (AMSGrad).</source>
        <translation>使用历史梯度平方平均值的最大值（AMSGrad）。</translation>
    </message>
    <message>
        <source>Starting value of Adagrad&apos;s sum of squared gradients.</source>
        <translation>Adagrad 梯度平方和的初始值。</translation>
    </message>
    <message>
        <source>1 = true stochastic gradient descent (one sample per step, noisy); n = mini-batch SGD (the usual choice); all = batch gradient descent (one exact step per epoch, slow to converge).</source>
        <translation>1 = 真正的随机梯度下降（每步一个样本，噪声大）；n = 小批量随机梯度下降（通常的选择）；全部 = 批量梯度下降（每轮只走一步精确的梯度，收敛慢）。</translation>
    </message>
    <message>
        <source>The last fraction of the training samples is held out (before shuffling, as in Keras) to measure how well the network generalizes.</source>
        <translation>把训练样本的最后一部分留作验证集（与 Keras 一样在打乱之前划分），用来衡量网络的泛化能力。</translation>
    </message>
    <message>
        <source>K-fold cross-validation (for small datasets): cut the training samples into k folds, train k fresh models, each on k−1 folds with the remaining fold as validation set, and average their validation scores. The model kept afterwards is the last fold&apos;s.</source>
        <translation>K 折交叉验证（适合小数据集）：把训练样本分成 k 折，训练 k 个全新的模型，每个模型用其中 k−1 折训练、剩下的一折作为验证集，再对它们的验证分数取平均。之后保留的模型是最后一折的模型。</translation>
    </message>
    <message>
        <source>A fixed number of training samples is held out for validation: the first N (the book holds out IMDB&apos;s first 10,000 reviews and Reuters&apos; first 1,000 newswires) or the last N; the rest trains.</source>
        <translation>留出固定数量的训练样本作为验证集：前 N 个（书中留出 IMDB 的前 10,000 条评论和路透社的前 1,000 条新闻）或后 N 个；其余样本用于训练。</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>监控指标</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证方式</translation>
    </message>
    <message>
        <source>Validation samples</source>
        <translation>验证样本数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
    <message>
        <source>Optimizer settings</source>
        <translation>优化器设置</translation>
    </message>
    <message>
        <source>all (batch gradient descent)</source>
        <translation>全部（批量梯度下降）</translation>
    </message>
    <message>
        <source>Shuffle every epoch</source>
        <translation>每轮打乱数据</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Early stopping on val_loss</source>
        <translation>按 val_loss 提前停止</translation>
    </message>
    <message>
        <source>Restore best weights</source>
        <translation>恢复最佳权重</translation>
    </message>
    <message>
        <source>split (the last fraction)</source>
        <translation>按比例划分（取最后一部分）</translation>
    </message>
    <message>
        <source>the first N samples</source>
        <translation>前 N 个样本</translation>
    </message>
    <message>
        <source>K-fold</source>
        <translation>K 折交叉验证</translation>
    </message>
    <message>
        <source>the last N samples</source>
        <translation>后 N 个样本</translation>
    </message>
    <message>
        <source>It cannot run with these settings: it gives NaN for values this output layer can produce (for example negative ones).</source>
        <translation>在当前设置下无法运行：对于该输出层可能产生的值（例如负值），它会得到 NaN。</translation>
    </message>
    <message>
        <source>It cannot run with these settings: {error}</source>
        <translation>在当前设置下无法运行：{error}</translation>
    </message>
    <message>
        <source>It cannot run with these settings: it needs arguments that the window cannot set.</source>
        <translation>在当前设置下无法运行：它需要本窗口无法设置的参数。</translation>
    </message>
    <message>
        <source>It cannot run with these settings: the labels and outputs of this run do not fit it.</source>
        <translation>在当前设置下无法运行：本次训练的标签和输出与它不匹配。</translation>
    </message>
    <message>
        <source>Loss, output and labels fit.</source>
        <translation>损失函数、输出层和标签相互匹配。</translation>
    </message>
    <message>
        <source>Batch gradient descent: one step per epoch on all samples</source>
        <translation>批量梯度下降：每轮用全部样本走一步</translation>
    </message>
    <message>
        <source>True SGD: one sample per step</source>
        <translation>真正的随机梯度下降：每步一个样本</translation>
    </message>
    <message>
        <source>Mini-batch SGD: {n} samples per step</source>
        <translation>小批量随机梯度下降：每步 {n} 个样本</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>The graph changed during training: this run keeps the network it started with; the change applies to the next run (from fresh weights).</source>
        <translation>训练期间网络图被修改了：本次训练继续使用开始时的网络；修改将在下一次训练时生效（从新的权重开始）。</translation>
    </message>
    <message>
        <source> Fix: {fix}.</source>
        <translation> 修复：{fix}。</translation>
    </message>
    <message>
        <source>Train is disabled: {why}</source>
        <translation>训练已禁用：{why}</translation>
    </message>
    <message>
        <source>The validation set ({n} samples) leaves nothing to train on: the training data has {total} samples. Hold out fewer samples.</source>
        <translation>验证集（{n} 个样本）占用了全部数据，没有可训练的样本：训练数据只有 {total} 个样本。请留出更少的样本。</translation>
    </message>
    <message>
        <source>Loading the dataset first; training starts as soon as it is in.</source>
        <translation>先加载数据集；数据一到就开始训练。</translation>
    </message>
    <message>
        <source>Choose a dataset first.</source>
        <translation>请先选择数据集。</translation>
    </message>
    <message>
        <source>There is no network to train.</source>
        <translation>没有可以训练的网络。</translation>
    </message>
    <message>
        <source>Cannot build the model: {error}</source>
        <translation>无法构建模型：{error}</translation>
    </message>
    <message>
        <source>Restored the weights of epoch {n}.</source>
        <translation>已恢复第 {n} 轮的权重。</translation>
    </message>
</context>
<context>
    <name>TrainingControls</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Train on all data</source>
        <translation>用全部数据训练</translation>
    </message>
    <message>
        <source>K-fold only measures how well this network and these settings generalize. For the final model, train one fresh model on all the training data (no validation split) for the number of epochs the mean validation curve suggests.</source>
        <translation>K 折交叉验证只用来衡量这个网络和这些设置的泛化能力。要得到最终模型，请用全部训练数据（不划分验证集）训练一个全新的模型，轮数取平均验证曲线所建议的值。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>This network has been trained already. Continue training it, or start again from fresh weights?</source>
        <translation>这个网络已经训练过了。要继续训练它，还是从新的权重重新开始？</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Start fresh</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Training… (graph edits apply to the next run)</source>
        <translation>正在训练…（对网络图的修改将在下一次训练时生效）</translation>
    </message>
    <message>
        <source>Paused between two batches.</source>
        <translation>已在两个批次之间暂停。</translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation>将在本批次结束后停止…</translation>
    </message>
    <message>
        <source>Evaluating on the test set… (Stop cancels it)</source>
        <translation>正在测试集上评估…（按“停止”可取消）</translation>
    </message>
    <message>
        <source>Evaluation failed: {error}</source>
        <translation>评估失败：{error}</translation>
    </message>
    <message>
        <source>Evaluation stopped.</source>
        <translation>评估已停止。</translation>
    </message>
    <message>
        <source>Test set evaluated: the results are in the Evaluation tab.</source>
        <translation>测试集评估完成：结果见“评估”标签页。</translation>
    </message>
    <message>
        <source>ETA {time}</source>
        <extracomment>seconds between two paints of the progress bar: the bundles come up to 20 times a second, and each new text laid out and painted the bar (44-139 ms of GUI CPU in a 2-epoch W1 run); the last report of a burst is shown when the interval ends, so the bar is never left behind</extracomment>
        <translation>预计剩余 {time}</translation>
    </message>
    <message>
        <source>fold {fold}/{folds}</source>
        <translation>第 {fold}/{folds} 折</translation>
    </message>
    <message>
        <source>epoch {epoch}/{epochs} — batch {batch}/{steps}</source>
        <translation>第 {epoch}/{epochs} 轮 — 第 {batch}/{steps} 批</translation>
    </message>
    <message>
        <source>failed after {epochs} ({s} s)</source>
        <translation>训练 {epochs}后失败（{s} 秒）</translation>
    </message>
    <message>
        <source>stopped after {epochs} ({s} s)</source>
        <translation>训练 {epochs}后停止（{s} 秒）</translation>
    </message>
    <message>
        <source>Training stopped.</source>
        <translation>训练已停止。</translation>
    </message>
    <message>
        <source>diverged after {epochs} ({s} s)</source>
        <translation>训练 {epochs}后发散（{s} 秒）</translation>
    </message>
    <message>
        <source>Training diverged.</source>
        <translation>训练发散了。</translation>
    </message>
    <message>
        <source>finished after {epochs} ({s} s)</source>
        <translation>训练 {epochs}后完成（{s} 秒）</translation>
    </message>
    <message>
        <source>Training finished.</source>
        <translation>训练完成。</translation>
    </message>
    <message>
        <source>1 epoch</source>
        <translation>1 轮</translation>
    </message>
    <message>
        <source>{n} epochs</source>
        <translation>{n} 轮</translation>
    </message>
    <message>
        <source>K-fold ({k})</source>
        <translation>K 折交叉验证（{k} 折）</translation>
    </message>
    <message>
        <source>K-fold ({done} of {k} folds)</source>
        <translation>K 折交叉验证（完成 {done}/{k} 折）</translation>
    </message>
    <message>
        <source>{head}: {values} (mean ± std over folds).</source>
        <translation>{head}：{values}（各折的平均值 ± 标准差）。</translation>
    </message>
    <message>
        <source>The model kept is the last fold&apos;s model; for a final model, use &quot;Train on all data&quot;.</source>
        <translation>保留的是最后一折的模型；要得到最终模型，请使用“用全部数据训练”。</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>PNG image (*.png)</source>
        <extracomment>Redraws per second at most while training: on the controller&apos;s ``logsHandled``, when due (the worker waits for these repaints, see ``worker.GuiSync``); nothing is drawn when nothing changed. ... and at least, however much a redraw costs: the curves visibly move. Between the two, redraws and their paints may take this share of the GUI thread (:mod:`.redraw_pace`); a fast run&apos;s bundles take about as much again (progress, coach, health, Try it). A slow timer redraws too, in case no logs come (seconds). A run&apos;s first curves come ``TURN_MS`` later (a zero-delay call shares the turn of the repaint before it), and while it trains the metric plot&apos;s points as long after the loss plot painted (``METRIC_LATE_MS`` at the latest).</extracomment>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Show previous run</source>
        <translation>显示上一次训练</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>loss (batch)</source>
        <translation>损失（每批）</translation>
    </message>
    <message>
        <source>loss (batch, smoothed)</source>
        <translation>损失（每批，平滑）</translation>
    </message>
    <message>
        <source>previous loss</source>
        <translation>上次的损失</translation>
    </message>
    <message>
        <source>previous val_loss</source>
        <translation>上次的 val_loss</translation>
    </message>
    <message>
        <source>mean val_loss over folds</source>
        <translation>各折平均 val_loss</translation>
    </message>
    <message>
        <source>loss (training)</source>
        <translation>loss（训练损失）</translation>
    </message>
    <message>
        <source>val_loss (validation)</source>
        <translation>val_loss（验证损失）</translation>
    </message>
    <message>
        <source>best epoch {n} (lowest val_loss)</source>
        <translation>最佳轮次 {n}（val_loss 最低）</translation>
    </message>
    <message>
        <source>mean {key}</source>
        <translation>平均 {key}</translation>
    </message>
    <message>
        <source>From the previous network or dataset: train again to see this one&apos;s</source>
        <translation>来自之前的网络或数据集：重新训练才能看到当前网络的曲线</translation>
    </message>
    <message>
        <source>epoch {x}</source>
        <translation>第 {x} 轮</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>✖ Could not write {0}: {1}</source>
        <translation>✖ 无法写入 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>TrainingUI</name>
    <message>
        <source>Fit the network to the data</source>
        <translation>让网络适配数据</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Applied: {fix}.</source>
        <translation>已应用：{fix}。</translation>
    </message>
    <message>
        <source>Train is disabled: {why}</source>
        <translation>训练已禁用：{why}</translation>
    </message>
    <message>
        <source>Fix it in Problems: {fix}.</source>
        <translation>在“问题”面板中修复：{fix}。</translation>
    </message>
    <message>
        <source>The run keeps its network: this change applies to the next run.</source>
        <translation>本次训练继续使用原来的网络：这个修改将在下一次训练时生效。</translation>
    </message>
    <message>
        <source>Applied: {remedy}. Train again to see the effect.</source>
        <translation>已应用：{remedy}。请重新训练查看效果。</translation>
    </message>
    <message>
        <source>Epochs set to {n}.</source>
        <translation>训练轮数已设为 {n}。</translation>
    </message>
    <message>
        <source>Learning rate set to {lr}. Train again from fresh weights.</source>
        <translation>学习率已设为 {lr}。请从新的权重重新训练。</translation>
    </message>
    <message>
        <source>More data is the best cure for overfitting: collect more samples, or lower the validation split, or augment the data you have.</source>
        <translation>更多数据是治疗过拟合的良药：收集更多样本，或降低验证集比例，或对现有数据做数据增强。</translation>
    </message>
    <message>
        <source>Load {title}</source>
        <translation>加载 {title}</translation>
    </message>
</context>
<context>
    <name>TryPanel</name>
    <message>
        <source>MNIST digits</source>
        <extracomment>What the dataset box shows for each of ``DATASETS`` (translated when shown: ``dataset_label``); the tutorial&apos;s text cases are named as the Dataset panel names them (``data_sources.NAMES``).</extracomment>
        <translation>MNIST 手写数字</translation>
    </message>
    <message>
        <source>Fashion-MNIST clothes</source>
        <translation>Fashion-MNIST 服饰</translation>
    </message>
    <message>
        <source>Playground (2-D points)</source>
        <translation>练习场（二维点）</translation>
    </message>
    <message>
        <source>Other data</source>
        <translation>其他数据</translation>
    </message>
    <message>
        <source>The dataset the model was trained on (guessed for models opened from a file)</source>
        <translation>模型训练所用的数据集（对从文件打开的模型是推测的）</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Nothing to try for this model yet: use the test-sample browser.</source>
        <translation>这个模型暂时没有可以试的输入：请使用测试样本浏览器。</translation>
    </message>
    <message>
        <source>Your input</source>
        <translation>你的输入</translation>
    </message>
    <message>
        <source>Test samples</source>
        <translation>测试样本</translation>
    </message>
    <message>
        <source>No model yet: train one, or open a .nbm file.</source>
        <translation>还没有模型：训练一个，或打开 .nbm 文件。</translation>
    </message>
    <message>
        <source>Training on {dataset}: the regions follow the run.</source>
        <translation>正在用 {dataset} 训练：分类区域随训练实时更新。</translation>
    </message>
    <message>
        <source>Model trained on {dataset}: input {input}, output {output}.</source>
        <translation>在 {dataset} 上训练的模型：输入 {input}，输出 {output}。</translation>
    </message>
    <message>
        <source>This network cannot be tried here: {error}</source>
        <translation>无法在这里试用这个网络：{error}</translation>
    </message>
    <message>
        <source>Boston housing&apos;s training statistics are not available: {error}</source>
        <translation>无法获取波士顿房价训练集的统计量：{error}</translation>
    </message>
    <message>
        <source>input of shape {shape}</source>
        <translation>形状为 {shape} 的输入</translation>
    </message>
    <message>
        <source>Words present (bag of words: order and counts are lost):</source>
        <translation>出现的词（词袋：词序和词频都丢失了）：</translation>
    </message>
    <message>
        <source>Open a trained model</source>
        <translation>打开训练好的模型</translation>
    </message>
    <message>
        <source>netbuilder model (*.nbm)</source>
        <translation>netbuilder 模型 (*.nbm)</translation>
    </message>
    <message>
        <source>Cannot open {path}: {error}</source>
        <translation>无法打开 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>TupleField</name>
    <message>
        <source>e.g. 3, 3</source>
        <translation>例如 3, 3</translation>
    </message>
</context>
<context>
    <name>_LimitedText</name>
    <message>
        <source>This field takes at most {n} characters.</source>
        <extracomment>Longest text a field takes (characters); longer pastes are refused whole.</extracomment>
        <translation>此字段最多接受 {n} 个字符。</translation>
    </message>
    <message>
        <source>The pasted text has {n} characters; this field takes at most {limit}: nothing was pasted.</source>
        <translation>粘贴的文本有 {n} 个字符；此字段最多接受 {limit} 个：未粘贴任何内容。</translation>
    </message>
</context>
</TS>
