;;; lsp-mode-check.el --- batch check of the KMS language server with lsp-mode  -*- lexical-binding: t -*-
;;
;;   KMS_SERVER=/abs/dist/server.js KMS_LOG=/tmp/x/app.log emacs --batch -q -l test/editors/lsp-mode-check.el
;;
;; (-q, not -Q: -Q also drops site-lisp, where Debian's elpa-lsp-mode lives.)
;;
;; Written for and tried with lsp-mode 8.0 on Emacs 28.2 (Debian 12's elpa-lsp-mode). Registers the
;; server as docs/editors.md shows (an add-on client, so it runs beside a language's own server),
;; makes the log's folder the project root, opens $KMS_LOG in text-mode, starts lsp-mode, waits for
;; the diagnostics lsp-mode keeps for the buffer, asks for a hover at the first one, and prints on stdout
;;   DIAG <code> <line> <character>     (zero-based LSP positions, one line per diagnostic)
;;   HOVER ok | HOVER fail <why>
;;   RESULT ok | RESULT fail <why>
;; then exits with 0 on success and 1 otherwise.

;;; Code:

(require 'package)
;; Batch Emacs does not activate packages; an lsp-mode installed with package.el needs this.
(unless (locate-library "lsp-mode") (package-initialize))
(require 'cl-lib)

(defvar kms-check-timeout
  (/ (string-to-number (or (getenv "KMS_TIMEOUT_MS") "30000")) 1000.0)
  "Seconds to wait for diagnostics and for the hover.")

;; Nothing may prompt in batch Emacs, and nothing may be written outside the temporary HOME.
(setq lsp-session-file (expand-file-name "lsp-session" (getenv "HOME"))
      lsp-enable-suggest-server-download nil
      lsp-enable-file-watchers nil
      lsp-restart 'ignore
      lsp-keep-workspace-alive nil
      lsp-warn-no-matched-clients nil
      lsp-enable-snippet nil
      lsp-headerline-breadcrumb-enable nil
      lsp-modeline-workspace-status-enable nil
      lsp-modeline-code-actions-enable nil
      lsp-modeline-diagnostics-enable nil)

(defun kms-check-say (fmt &rest args)
  "Print FMT with ARGS as one line on stdout."
  (princ (concat (apply #'format fmt args) "\n")))

(defun kms-check-wait (predicate seconds)
  "Process events until PREDICATE returns non-nil or SECONDS pass; return its value."
  (let ((deadline (+ (float-time) seconds))
        value)
    (while (and (not (setq value (funcall predicate)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

(defun kms-check-hover-text (contents)
  "The text of hover CONTENTS (MarkupContent, MarkedString or a vector of them)."
  (cond ((stringp contents) contents)
        ((vectorp contents) (mapconcat #'kms-check-hover-text contents "\n"))
        ((hash-table-p contents) (or (gethash "value" contents) ""))
        ((plist-get contents :value))
        (t "")))

(defun kms-check-diagnostics ()
  "The buffer's diagnostics from the kms server, as lsp-mode keeps them."
  (cl-remove-if-not (lambda (d) (equal (lsp:diagnostic-source? d) "kms"))
                    (lsp--get-buffer-diagnostics)))

(defun kms-check ()
  "Run the check; return nil on success, else a reason string."
  (let ((server (getenv "KMS_SERVER"))
        (log (getenv "KMS_LOG")))
    (cond
     ((or (null server) (string-empty-p server)) "KMS_SERVER is not set")
     ((or (null log) (not (file-readable-p log))) "KMS_LOG is not a readable file")
     (t
      (require 'lsp-mode)
      ;; The documented configuration, with `node SERVER' instead of `kms-language-server'.
      (add-to-list 'auto-mode-alist '("\\.\\(log\\|out\\)\\'" . text-mode))
      (lsp-register-client
       (make-lsp-client
        :new-connection (lsp-stdio-connection (list "node" server "--stdio"))
        :major-modes '(text-mode python-mode)
        :add-on? t
        :server-id 'kms))
      ;; The project root, which lsp-mode otherwise asks for.
      (lsp-workspace-folders-add (file-name-directory log))
      (let ((buffer (find-file log)))
        (with-current-buffer buffer
          (lsp)
          (if (not (kms-check-wait (lambda () (lsp-workspaces)) kms-check-timeout))
              "lsp-mode did not connect"
            (let ((diags (kms-check-wait #'kms-check-diagnostics kms-check-timeout)))
              (if (null diags)
                  (format "no diagnostics from lsp-mode within %ss" kms-check-timeout)
                (dolist (d diags)
                  (let ((start (lsp:range-start (lsp:diagnostic-range d))))
                    (kms-check-say "DIAG %s %d %d" (lsp:diagnostic-code? d)
                                   (lsp:position-line start) (lsp:position-character start))))
                (let* ((start (lsp:range-start (lsp:diagnostic-range (car diags))))
                       (hover
                        (condition-case err
                            (lsp-request "textDocument/hover"
                                         (list :textDocument (lsp--text-document-identifier)
                                               :position (list :line (lsp:position-line start)
                                                               :character (1+ (lsp:position-character start)))))
                          (error (format "%S" err))))
                       (text (and hover (not (stringp hover))
                                  (kms-check-hover-text (lsp:hover-contents hover)))))
                  (if (and text (string-match-p "KeyNotFound" text))
                      (progn (kms-check-say "HOVER ok") nil)
                    (kms-check-say "HOVER fail %s" (replace-regexp-in-string "\n" " " (format "%S" hover)))
                    "hover failed")))))))))))

(let ((failure (condition-case err
                   (kms-check)
                 (error (format "error: %S" err)))))
  (kms-check-say (if failure (format "RESULT fail %s" failure) "RESULT ok"))
  ;; Shut the server down politely so no process outlives the editor.
  (ignore-errors
    (with-current-buffer (get-file-buffer (getenv "KMS_LOG"))
      (lsp-workspace-shutdown (car (lsp-workspaces)))))
  (kill-emacs (if failure 1 0)))

;;; lsp-mode-check.el ends here
