package org.rtrain.datasets;

import java.nio.file.Path;

/** A dataset whose official files may be downloaded (the licence allows it and a server publishes them). */
public interface DownloadableDataset extends ImageDataset {

    /**
     * Downloads the official files that are missing under {@code root} (progress bar, resume, MD5
     * check) and unpacks them where {@link #locate(DataRoot)} finds them; returns that directory.
     *
     * @throws DatasetException when no mirror serves a file with the published checksum
     */
    Path download(DataRoot root, FileDownloader downloader);
}
