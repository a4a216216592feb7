//! Messages of `--watch`.

crate::catalogue! {
    /// What `render --watch` and `split --watch` say.
    pub enum WatchMsg {
        /// Watching has begun.
        Watching { files: String } => {
            zh: "正在监视 {files} 的修改，按 Ctrl-C 结束",
            en: "watching {files} for changes; press Ctrl-C to stop",
        },
        /// Files changed; the outputs are made again.
        Changed { files: String } => {
            zh: "{files} 已修改，重新生成",
            en: "{files} changed: generating again",
        },
        /// A file is still being saved.
        StillSaving { file: String } => {
            zh: "{file} 仍在保存中，等待保存完成",
            en: "{file} is still being saved: waiting",
        },
        /// The run failed; the earlier outputs are kept.
        Failed => {
            zh: "本次未生成，原有文件保持不变；修改后会自动重试",
            en: "nothing was written, the earlier outputs are unchanged; the next change tries again",
        },
        /// Watching has ended.
        Stopped => {
            zh: "已停止监视",
            en: "stopped watching",
        },
        /// The operating system refused to watch a folder.
        CannotWatch { dir: String, cause: String } => {
            zh: "无法监视文件夹 {dir}：{cause}",
            en: "cannot watch the folder {dir}: {cause}",
        },
        /// Ctrl-C could not be caught.
        NoCtrlC { cause: String } => {
            zh: "无法捕获 Ctrl-C：{cause}",
            en: "cannot catch Ctrl-C: {cause}",
        },
    }
}
